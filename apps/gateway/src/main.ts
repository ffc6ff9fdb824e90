import { bootstrapService, runMain, setProblemRenderer } from '@swx/platform';

import { registerFormBody } from './auth/form-body';
import { gatewayDefinition } from './gateway.definition';
import { GatewayModule } from './gateway.module';
import { cebProblemRenderer } from './http/ceb-answers';
import { registerRequestTextCheck } from './http/request-text.hook';
import { registerXmlBody } from './intake/xml-body';
import { setupSwagger } from './swagger';

runMain(async () => {
  const definition = gatewayDefinition();
  // CEB XML clients get format errors as a CEB900Message (http/ceb-answers.ts), JSON clients problem+json.
  setProblemRenderer(cebProblemRenderer);
  await bootstrapService({
    definition,
    module: GatewayModule.forRoot(definition),
    configure: async (app) => {
      await registerFormBody(app);
      registerXmlBody(app);
      registerRequestTextCheck(app);
      // The console and /docs-json show the whole API: off in production unless SWAGGER_ENABLED=true.
      const swagger = definition.env.SWAGGER_ENABLED;
      if (swagger === 'true' || (swagger === 'auto' && definition.env.NODE_ENV !== 'production'))
        setupSwagger(app);
    },
  });
});
