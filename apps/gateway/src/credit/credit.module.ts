import { Global, Module } from '@nestjs/common';

import { EventsModule } from '../events/events.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { CreditAccess } from './credit-access';
import { CreditClient } from './credit-client';
import { CreditNoticesConsumer } from './credit-notices.consumer';
import { CreditController } from './credit.controller';

/** The credit service at the gateway: its REST proxied, its notices in the receipt feed, its blacklist at intake. */
@Global()
@Module({
  imports: [WebhooksModule, EventsModule],
  controllers: [CreditController, CreditNoticesConsumer],
  providers: [CreditClient, CreditAccess],
  exports: [CreditAccess],
})
export class CreditModule {}
