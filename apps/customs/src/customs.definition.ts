import { loadEnv } from '@swx/config';
import { Topics } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { CustomsEnv } from './customs.env';
import { EXPORT_CONSUMED_TOPICS, EXPORT_PRODUCED_TOPICS } from './export/export.topics';
import { DeclaredDocument } from './documents/declared-document.entity';
import { CreateDeclaredDocument1763712000200 } from './migrations/1763712000200-create-declared-document';
import { CreateEnterpriseDirectory1763712000210 } from './migrations/1763712000210-create-enterprise-directory';
import { CreateExportReturns1763712001000 } from './migrations/1763712001000-create-export-returns';
import { CreateExportTables1763712000800 } from './migrations/1763712000800-create-export-tables';
import { CreateImportCase1763712000600 } from './migrations/1763712000600-create-import-case';
import { IndexReleasedLists1763712000900 } from './migrations/1763712000900-index-released-lists';
import { CreateMasterBills1763712001100 } from './migrations/1763712001100-create-master-bills';
import { CreateRiskInspectionRequest1763712003100 } from './migrations/1763712003100-create-risk-inspection-request';
import { CreditRatingBlacklisted1763712003150 } from './migrations/1763712003150-credit-rating-blacklisted';
import { ScrubClearPersonData1763712003200 } from './migrations/1763712003200-scrub-clear-person-data';

export const CUSTOMS_SCHEMA = 'customs';

export function customsDefinition(env: CustomsEnv = loadEnv(CustomsEnv)): ServiceDefinition<CustomsEnv> {
  return {
    service: 'customs',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: CUSTOMS_SCHEMA,
      entities: [...MESSAGING_ENTITIES, DeclaredDocument],
      migrations: [
        CreateMessagingTables1763712000000,
        CreateDeclaredDocument1763712000200,
        CreateEnterpriseDirectory1763712000210,
        CreateImportCase1763712000600,
        CreateExportTables1763712000800,
        IndexReleasedLists1763712000900,
        CreateExportReturns1763712001000,
        CreateMasterBills1763712001100,
        CreateRiskInspectionRequest1763712003100,
        CreditRatingBlacklisted1763712003150,
        ScrubClearPersonData1763712003200,
      ],
    }),
    consumes: [
      Topics.ImportOrderAccepted.name,
      Topics.EnterpriseChanged.name,
      Topics.ImportPaymentAccepted.name,
      Topics.ImportWaybillAccepted.name,
      Topics.ImportInventoryAccepted.name,
      Topics.ImportInventoryCancelAccepted.name,
      Topics.ImportRefundAccepted.name,
      Topics.ImportDeliveryAccepted.name,
      Topics.TaxAssessmentCompleted.name,
      Topics.CreditRatingChanged.name,
      Topics.RiskInspectionRequested.name,
      ...EXPORT_CONSUMED_TOPICS,
    ],
    produces: [
      Topics.DocumentReceipt.name,
      Topics.TaxAssessmentRequested.name,
      Topics.ClearanceStatusChanged.name,
      Topics.MatchResultDecided.name,
      ...EXPORT_PRODUCED_TOPICS,
    ],
  };
}
