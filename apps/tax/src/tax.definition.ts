import { loadEnv } from '@swx/config';
import { Topics } from '@swx/contracts';
import { CreateMessagingTables1763712000000, MESSAGING_ENTITIES } from '@swx/messaging';
import { serviceDataSourceOptions } from '@swx/persistence';
import type { ServiceDefinition } from '@swx/platform';

import { CreateWithheldTax1763712000300 } from './migrations/1763712000300-create-withheld-tax';
import { CreateTaxAssessment1763712000700 } from './migrations/1763712000700-create-tax-assessment';
import { PersonTokenBuyerKeys1763712002000 } from './migrations/1763712002000-person-token-buyer-keys';
import { TaxEnv } from './tax.env';
import { WithheldTax } from './withheld-tax/withheld-tax.entity';

export const TAX_SCHEMA = 'tax';

export function taxDefinition(env: TaxEnv = loadEnv(TaxEnv)): ServiceDefinition<TaxEnv> {
  return {
    service: 'tax',
    env,
    dataSource: serviceDataSourceOptions({
      url: env.DATABASE_URL,
      schema: TAX_SCHEMA,
      entities: [...MESSAGING_ENTITIES, WithheldTax],
      migrations: [
        CreateMessagingTables1763712000000,
        CreateWithheldTax1763712000300,
        CreateTaxAssessment1763712000700,
        PersonTokenBuyerKeys1763712002000,
      ],
    }),
    consumes: [
      Topics.ImportOrderAccepted.name,
      Topics.TaxAssessmentRequested.name,
      Topics.ClearanceStatusChanged.name,
    ],
    produces: [
      Topics.TaxAssessmentCompleted.name,
      Topics.TaxBillIssued.name,
      Topics.TaxBillStatusChanged.name,
    ],
  };
}
