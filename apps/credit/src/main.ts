import { bootstrapService, runMain } from '@swx/platform';

import { creditDefinition } from './credit.definition';
import { CreditModule } from './credit.module';

runMain(async () => {
  const definition = creditDefinition();
  await bootstrapService({ definition, module: CreditModule.forRoot(definition) });
});
