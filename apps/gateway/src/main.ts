import { bootstrapService, runMain } from '@swx/platform';

import { gatewayDefinition } from './gateway.definition';
import { GatewayModule } from './gateway.module';
import { setupSwagger } from './swagger';

runMain(async () => {
  const definition = gatewayDefinition();
  await bootstrapService({
    definition,
    module: GatewayModule.forRoot(definition),
    configure: (app) => setupSwagger(app),
  });
});
