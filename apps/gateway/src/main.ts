import { bootstrapService, runMain } from '@swx/platform';

import { registerFormBody } from './auth/form-body';
import { gatewayDefinition } from './gateway.definition';
import { GatewayModule } from './gateway.module';
import { registerXmlBody } from './intake/xml-body';
import { setupSwagger } from './swagger';

runMain(async () => {
  const definition = gatewayDefinition();
  await bootstrapService({
    definition,
    module: GatewayModule.forRoot(definition),
    configure: async (app) => {
      await registerFormBody(app);
      registerXmlBody(app);
      setupSwagger(app);
    },
  });
});
