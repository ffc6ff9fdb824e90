import fastifyFormbody from '@fastify/formbody';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';

/**
 * Form bodies (`application/x-www-form-urlencoded`, the OAuth2 token request) parsed by `@fastify/formbody`.
 * At `init()` Nest adds its own form and JSON parsers unless a parser was registered through it, and Fastify
 * refuses a second form parser. So JSON is registered through Nest first (which keeps `rawBody` for the
 * intake, as Nest's own parser does), then the plugin: both before `init()`, in the configure hook.
 */
export async function registerFormBody(app: NestFastifyApplication): Promise<void> {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) =>
    parseJson(request, body.toString('utf8'), done),
  );
  await app.register(fastifyFormbody);
}
