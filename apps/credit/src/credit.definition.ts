import { loadEnv } from '@swx/config';
import { Topics } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { CreditEnv } from './credit.env';
import { CreateCreditArchive1763712003000 } from './migrations/1763712003000-create-credit-archive';

export const CREDIT_SCHEMA = 'credit';

export function creditDefinition(env: CreditEnv = loadEnv(CreditEnv)): ServiceDefinition<CreditEnv> {
  return {
    service: 'credit',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: CREDIT_SCHEMA,
      entities: [...MESSAGING_ENTITIES],
      migrations: [CreateMessagingTables1763712000000, CreateCreditArchive1763712003000],
    }),
    consumes: [
      Topics.MatchResultDecided.name,
      Topics.ClearanceStatusChanged.name,
      Topics.TaxAssessmentCompleted.name,
      Topics.TaxBillIssued.name,
      Topics.TaxBillStatusChanged.name,
      Topics.ForexVerificationAnomaly.name,
      Topics.LogisticsAnomalyReported.name,
      Topics.RiskCaseConcluded.name,
      Topics.EnterpriseChanged.name,
    ],
    produces: [Topics.CreditRatingChanged.name, Topics.CreditListEntryChanged.name],
  };
}
