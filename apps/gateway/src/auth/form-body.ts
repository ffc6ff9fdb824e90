import fastifyFormbody from '@fastify/formbody';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';

import { bodyRefusal } from '../http/body-errors';
import { parseStrictJson } from '../http/strict-json';

/**
 * Form bodies (`application/x-www-form-urlencoded`, the OAuth2 token request) parsed by `@fastify/formbody`.
 * At `init()` Nest adds its own form and JSON parsers unless a parser was registered through it, and Fastify
 * refuses a second form parser. So JSON is registered through Nest first (which keeps `rawBody` for the
 * intake, as Nest's own parser does), then the plugin: both before `init()`, in the configure hook.
 */
export async function registerFormBody(app: NestFastifyApplication): Promise<void> {
  // JSON bodies are parsed strictly (parseStrictJson): UTF-8 only, no duplicate keys, bounded depth, no NUL or
  // lone surrogate; Nest keeps the bytes as `rawBody` for the intake and the Idempotency-Key hash.
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    try {
      done(null, parseStrictJson(body, request.headers['content-type']));
    } catch (error) {
      done(bodyRefusal(error), undefined);
    }
  });
  await app.register(fastifyFormbody);
}
