import { bootstrapService, runMain } from '@swx/platform';

import { forexDefinition } from './forex.definition';
import { ForexModule } from './forex.module';

runMain(async () => {
  const definition = forexDefinition();
  await bootstrapService({ definition, module: ForexModule.forRoot(definition) });
});
