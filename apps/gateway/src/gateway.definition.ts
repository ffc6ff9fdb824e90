import { loadEnv } from '@swx/config';
import { documentTopics, Topics } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { OAuthClient } from './auth/oauth-client.entity';
import { GatewayEnv } from './gateway.env';
import { MessageLogEntry, Submission } from './intake/message-log.entity';
import { CreateMessageLog1763712000100 } from './migrations/1763712000100-create-message-log';
import { CreateEnterpriseRegistry1763712000400 } from './migrations/1763712000400-create-enterprise-registry';
import { CreateOAuthClients1763712000401 } from './migrations/1763712000401-create-oauth-clients';
import { ReceiptReadBack1763712000500 } from './migrations/1763712000500-receipt-read-back';
import { CreateWebhooks1763712000501 } from './migrations/1763712000501-create-webhooks';
import { TransmittersAndDeclarers1763712000530 } from './migrations/1763712000530-transmitters-and-declarers';
import { CreateEnterpriseCertificates1763712000540 } from './migrations/1763712000540-create-enterprise-certificates';
import { CreateTokenFailures1763712000600 } from './migrations/1763712000600-create-token-failures';
import { CreatePersonalDataReads1763712000800 } from './migrations/1763712000800-create-personal-data-reads';
import { CreateEventFeed1763712000900 } from './migrations/1763712000900-create-event-feed';
import { PlatformReadsListOutcomes1763712000910 } from './migrations/1763712000910-platform-reads-list-outcomes';
import { ReceiptStatusWidth1763712000920 } from './migrations/1763712000920-receipt-status-width';
import { FED_BY_EVENTS_CONSUMER, GATEWAY_CONSUMERS_ELSEWHERE } from './events/event-audience';
import { CreateCreditListing1763712003000 } from './migrations/1763712003000-create-credit-listing';
import { CreateBanks1763712003100 } from './migrations/1763712003100-create-banks';
import { CreateStaffAccounts1763712003500 } from './migrations/1763712003500-create-staff-accounts';
import { StaffAccount } from './staff/staff-account.entity';
import { EnterpriseDistrict1763712004000 } from './migrations/1763712004000-enterprise-district';
import { RegistryClearReads1763712004100 } from './migrations/1763712004100-registry-clear-reads';
import { ReceiptRecord } from './receipts/receipt.entity';
import { Enterprise } from './registry/enterprise.entity';
import { WEBHOOK_ENTITIES } from './webhooks/webhook.entities';

export const GATEWAY_SCHEMA = 'gateway';

export function gatewayDefinition(env: GatewayEnv = loadEnv(GatewayEnv)): ServiceDefinition<GatewayEnv> {
  return {
    service: 'gateway',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: GATEWAY_SCHEMA,
      entities: [
        ...MESSAGING_ENTITIES,
        Submission,
        MessageLogEntry,
        ReceiptRecord,
        ...WEBHOOK_ENTITIES,
        Enterprise,
        OAuthClient,
        StaffAccount,
      ],
      migrations: [
        CreateMessagingTables1763712000000,
        CreateMessageLog1763712000100,
        CreateEnterpriseRegistry1763712000400,
        CreateOAuthClients1763712000401,
        ReceiptReadBack1763712000500,
        CreateWebhooks1763712000501,
        TransmittersAndDeclarers1763712000530,
        CreateEnterpriseCertificates1763712000540,
        CreateTokenFailures1763712000600,
        CreatePersonalDataReads1763712000800,
        CreateEventFeed1763712000900,
        PlatformReadsListOutcomes1763712000910,
        ReceiptStatusWidth1763712000920,
        CreateCreditListing1763712003000,
        CreateBanks1763712003100,
        CreateStaffAccounts1763712003500,
        EnterpriseDistrict1763712004000,
        RegistryClearReads1763712004100,
      ],
    }),
    // Receipts and credit notices for the enterprises' feeds, and every external topic for the event feed
    // (GET /v1/events): the events consumer takes those no other gateway consumer handles.
    consumes: [
      ...GATEWAY_CONSUMERS_ELSEWHERE.map((t) => t.name),
      // Risk notices to enterprises: receipts on their documents (feed and webhooks).
      Topics.RiskNoticeIssued.name,
      ...FED_BY_EVENTS_CONSUMER().map((t) => t.name),
    ],
    produces: [...documentTopics().map((t) => t.name), Topics.EnterpriseChanged.name],
  };
}
