import { bootstrapService, runMain } from '@swx/platform';

import { riskDefinition } from './risk.definition';
import { RiskModule } from './risk.module';

runMain(async () => {
  const definition = riskDefinition();
  await bootstrapService({ definition, module: RiskModule.forRoot(definition) });
});
