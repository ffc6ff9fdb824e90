import { loadEnv } from '@swx/config';
import { Topics } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { GatewayEnv } from './gateway.env';
import { MessageLogEntry } from './intake/message-log.entity';
import { CreateMessageLog1763712000100 } from './migrations/1763712000100-create-message-log';
import { ReceiptRecord } from './receipts/receipt.entity';

export const GATEWAY_SCHEMA = 'gateway';

export function gatewayDefinition(env: GatewayEnv = loadEnv(GatewayEnv)): ServiceDefinition<GatewayEnv> {
  return {
    service: 'gateway',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: GATEWAY_SCHEMA,
      entities: [...MESSAGING_ENTITIES, MessageLogEntry, ReceiptRecord],
      migrations: [CreateMessagingTables1763712000000, CreateMessageLog1763712000100],
    }),
    consumes: [Topics.DocumentReceipt.name],
    produces: [Topics.ImportOrderAccepted.name],
  };
}
