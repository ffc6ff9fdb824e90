import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { Authenticated } from '../auth/auth.guard';
import { REVOCATION_CACHE_TTL_MS } from '../auth/client-revocation.service';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { ManageStaffAccounts } from './manage-staff-accounts.usecase';
import {
  CreateStaffAccountRequest,
  ResetStaffPasswordRequest,
  StaffAccountList,
  StaffAccountResponse,
  StaffAccountWithPasswordResponse,
  UpdateStaffAccountRequest,
} from './staff.dto';

const ID_PARAM = {
  name: 'id',
  description: 'Staff account id',
  example: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
};
const EFFECT_BOUND = `within ${REVOCATION_CACHE_TTL_MS / 1000} seconds on every gateway instance`;

/** Operators issue the named persons of the operators and the regulator agencies (ARCHITECTURE.md: people are named). */
@ApiTags('staff')
@Controller({ path: 'staff-accounts', version: '1' })
@Authenticated(Scopes.CredentialsManage)
export class StaffAccountsController {
  constructor(private readonly accounts: ManageStaffAccounts) {}

  @Post()
  @ApiOperation({
    summary: 'Issue a staff account (named person)',
    description:
      'A person of a regulator agency (`kind` regulator, with `agency`) or of the operator signs in to the ' +
      'console (`/console`, or `POST /v1/staff-sessions`) with this login and password and reads the API as its ' +
      'agency, every read and decision audited under its name. Give an initial `password`, or leave it out to ' +
      'get a generated one in the answer, once; it is stored only as an argon2id hash.',
  })
  @ApiCreatedResponse({ type: StaffAccountWithPasswordResponse })
  @ApiBadRequestResponse({ description: 'Field errors (login pattern, scopes of the kind, password policy)' })
  @ApiConflictResponse({ description: 'The login is taken' })
  create(
    @Body() body: CreateStaffAccountRequest,
    @CurrentPrincipal() operator: Principal,
  ): Promise<StaffAccountWithPasswordResponse> {
    return this.accounts.create(body, operator);
  }

  @Get()
  @ApiOperation({ summary: 'List staff accounts' })
  @ApiOkResponse({ type: StaffAccountList })
  async list(): Promise<StaffAccountList> {
    return { items: await this.accounts.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a staff account' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: StaffAccountResponse })
  @ApiNotFoundResponse({ description: 'No such account' })
  get(@Param('id') id: string): Promise<StaffAccountResponse> {
    return this.accounts.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change, disable or enable a staff account',
    description: `\`disabled: true\` and new \`scopes\` end the person's sessions (${EFFECT_BOUND}).`,
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: StaffAccountResponse })
  @ApiNotFoundResponse({ description: 'No such account' })
  update(@Param('id') id: string, @Body() body: UpdateStaffAccountRequest): Promise<StaffAccountResponse> {
    return this.accounts.update(id, body);
  }

  @Post(':id/password-reset')
  @ApiOperation({
    summary: 'Reset a staff account’s password',
    description: `Sets the given password or a generated one (returned once) and ends the person's sessions (${EFFECT_BOUND}).`,
  })
  @ApiParam(ID_PARAM)
  @ApiCreatedResponse({ type: StaffAccountWithPasswordResponse })
  @ApiNotFoundResponse({ description: 'No such account' })
  resetPassword(
    @Param('id') id: string,
    @Body() body: ResetStaffPasswordRequest,
  ): Promise<StaffAccountWithPasswordResponse> {
    return this.accounts.resetPassword(id, body);
  }
}
