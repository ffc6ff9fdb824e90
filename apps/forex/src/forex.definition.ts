import { loadEnv } from '@swx/config';
import { Topics } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { ForexEnv } from './forex.env';
import { CreateForex1763712003100 } from './migrations/1763712003100-create-forex';

export const FOREX_SCHEMA = 'forex';

export function forexDefinition(env: ForexEnv = loadEnv(ForexEnv)): ServiceDefinition<ForexEnv> {
  return {
    service: 'forex',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: FOREX_SCHEMA,
      entities: [...MESSAGING_ENTITIES],
      migrations: [CreateMessagingTables1763712000000, CreateForex1763712003100],
    }),
    consumes: [
      Topics.ExportOrderAccepted.name,
      Topics.ExportReceiptAccepted.name,
      Topics.ExportInventoryAccepted.name,
      Topics.ExportDepartureAccepted.name,
      Topics.ExportRefundAccepted.name,
      Topics.ImportPaymentAccepted.name,
      Topics.ImportInventoryAccepted.name,
      Topics.ImportRefundAccepted.name,
      Topics.ClearanceStatusChanged.name,
      Topics.EnterpriseChanged.name,
    ],
    produces: [
      Topics.ForexTransactionRecorded.name,
      Topics.ForexSettlementRecorded.name,
      Topics.ForexDirectoryStatusChanged.name,
      Topics.ForexDirectoryRegistrationRequested.name,
      Topics.ForexExchangeRatesPublished.name,
      Topics.ForexVerificationAnomaly.name,
    ],
  };
}
