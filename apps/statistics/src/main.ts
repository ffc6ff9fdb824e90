import { bootstrapService, runMain } from '@swx/platform';

import { statisticsDefinition } from './statistics.definition';
import { StatisticsModule } from './statistics.module';

runMain(async () => {
  const definition = statisticsDefinition();
  await bootstrapService({ definition, module: StatisticsModule.forRoot(definition) });
});
