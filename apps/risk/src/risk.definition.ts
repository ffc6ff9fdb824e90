import { loadEnv } from '@swx/config';
import { Topics } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { CreateRiskTables1763712003000 } from './migrations/1763712003000-create-risk-tables';
import { RiskEnv } from './risk.env';

export const RISK_SCHEMA = 'risk';

export function riskDefinition(env: RiskEnv = loadEnv(RiskEnv)): ServiceDefinition<RiskEnv> {
  return {
    service: 'risk',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: RISK_SCHEMA,
      entities: [...MESSAGING_ENTITIES],
      migrations: [CreateMessagingTables1763712000000, CreateRiskTables1763712003000],
    }),
    consumes: [
      Topics.ImportOrderAccepted.name,
      Topics.ImportPaymentAccepted.name,
      Topics.ImportInventoryAccepted.name,
      Topics.MatchResultDecided.name,
      Topics.TaxBillIssued.name,
      Topics.TaxBillStatusChanged.name,
      Topics.ForexVerificationAnomaly.name,
      Topics.LogisticsAnomalyReported.name,
    ],
    produces: [
      Topics.RiskWarningRaised.name,
      Topics.RiskCaseChanged.name,
      Topics.RiskCaseConcluded.name,
      Topics.RiskInspectionRequested.name,
      Topics.RiskNoticeIssued.name,
    ],
  };
}
