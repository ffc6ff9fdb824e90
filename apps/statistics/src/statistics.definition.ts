import { loadEnv } from '@swx/config';
import { STATISTICS_SOURCE_TOPICS } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { CreateStatisticsTables1763712004000 } from './migrations/1763712004000-create-statistics-tables';
import { CreateB2bDocuments1763712004100 } from './migrations/1763712004100-create-b2b-documents';
import { StatisticsEnv } from './statistics.env';

export const STATISTICS_SCHEMA = 'statistics';

export function statisticsDefinition(
  env: StatisticsEnv = loadEnv(StatisticsEnv),
): ServiceDefinition<StatisticsEnv> {
  return {
    service: 'statistics',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: STATISTICS_SCHEMA,
      entities: [...MESSAGING_ENTITIES],
      migrations: [
        CreateMessagingTables1763712000000,
        CreateStatisticsTables1763712004000,
        CreateB2bDocuments1763712004100,
      ],
    }),
    consumes: STATISTICS_SOURCE_TOPICS.map((t) => t.name),
    produces: [],
  };
}
