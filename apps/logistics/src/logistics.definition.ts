import { loadEnv } from '@swx/config';
import { Topics } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { LogisticsEnv } from './logistics.env';
import { CreateLogistics1763712003000 } from './migrations/1763712003000-create-logistics';
import { CreateWarehouses1763712003100 } from './migrations/1763712003100-create-warehouses';
import { IndexInboundWaybills1763712003200 } from './migrations/1763712003200-index-inbound-waybills';
import { WithdrawnEvents1763712003300 } from './migrations/1763712003300-withdrawn-events';

export const LOGISTICS_SCHEMA = 'logistics';

export function logisticsDefinition(
  env: LogisticsEnv = loadEnv(LogisticsEnv),
): ServiceDefinition<LogisticsEnv> {
  return {
    service: 'logistics',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: LOGISTICS_SCHEMA,
      entities: [...MESSAGING_ENTITIES],
      migrations: [
        CreateMessagingTables1763712000000,
        CreateLogistics1763712003000,
        CreateWarehouses1763712003100,
        IndexInboundWaybills1763712003200,
        WithdrawnEvents1763712003300,
      ],
    }),
    consumes: [
      Topics.ImportWaybillAccepted.name,
      Topics.ImportWaybillStatusAccepted.name,
      Topics.ImportInventoryAccepted.name,
      Topics.ImportDeliveryAccepted.name,
      Topics.ExportWaybillAccepted.name,
      Topics.ExportInventoryAccepted.name,
      Topics.ExportArrivalAccepted.name,
      Topics.ExportDepartureAccepted.name,
      Topics.ExportMasterBillAccepted.name,
      Topics.ClearanceStatusChanged.name,
    ],
    produces: [Topics.WaybillStatusChanged.name, Topics.LogisticsAnomalyReported.name],
  };
}
