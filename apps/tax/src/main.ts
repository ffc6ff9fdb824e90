import { bootstrapService, runMain } from '@swx/platform';

import { taxDefinition } from './tax.definition';
import { TaxModule } from './tax.module';

runMain(async () => {
  const definition = taxDefinition();
  await bootstrapService({ definition, module: TaxModule.forRoot(definition) });
});
