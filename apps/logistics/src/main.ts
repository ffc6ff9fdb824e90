import { bootstrapService, runMain } from '@swx/platform';

import { logisticsDefinition } from './logistics.definition';
import { LogisticsModule } from './logistics.module';

runMain(async () => {
  const definition = logisticsDefinition();
  await bootstrapService({ definition, module: LogisticsModule.forRoot(definition) });
});
