import { bootstrapService, runMain } from '@swx/platform';

import { customsDefinition } from './customs.definition';
import { CustomsModule } from './customs.module';

runMain(async () => {
  const definition = customsDefinition();
  await bootstrapService({ definition, module: CustomsModule.forRoot(definition) });
});
