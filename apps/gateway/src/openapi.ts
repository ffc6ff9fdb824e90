import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

import { loadEnv } from '@swx/config';
import { runMain } from '@swx/platform';

import { gatewayDefinition } from './gateway.definition';
import { GatewayEnv } from './gateway.env';
import { GatewayModule } from './gateway.module';
import { openApiDocument } from './swagger';

/**
 * `npm run openapi`: writes the gateway's OpenAPI document to docs/openapi.json without a database or broker.
 * Nest's preview mode builds the module graph without instantiating providers, which is all Swagger reads.
 */
runMain(async () => {
  const out = resolve(process.argv[2] ?? 'docs/openapi.json');
  const placeholder = 'placeholder-not-a-secret-used-only-to-build-the-document';
  const env = loadEnv(GatewayEnv, {
    AUTH_JWT_SECRET: placeholder,
    OPERATOR_CLIENT_SECRET: placeholder,
    SECRETS_ENCRYPTION_KEY: placeholder,
    INTERNAL_API_TOKEN: placeholder,
    PERSON_TOKEN_KEYS: `1:${placeholder}`,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(gatewayDefinition(env)),
    new FastifyAdapter(),
    { preview: true, logger: false },
  );
  app.enableVersioning({ type: VersioningType.URI });
  writeFileSync(out, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
  process.stdout.write(`OpenAPI document written to ${out}\n`);
});
