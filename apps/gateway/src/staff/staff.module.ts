import { Module } from '@nestjs/common';

import { TokenThrottle } from '../auth/token-throttle';
import { ManageStaffAccounts } from './manage-staff-accounts.usecase';
import { StaffAccountsController } from './staff-accounts.controller';
import { StaffSessionsController } from './staff-sessions.controller';
import { StaffSignIn } from './staff-sign-in.usecase';

/** Named persons: staff accounts issued by operators, console sign-in and sign-out. */
@Module({
  controllers: [StaffAccountsController, StaffSessionsController],
  providers: [ManageStaffAccounts, StaffSignIn, TokenThrottle],
})
export class StaffModule {}
