import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { FieldValidationException } from '@swx/platform';

import { unstorableTextIn } from './strict-json';

interface HookRequest {
  params?: unknown;
  query?: unknown;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Path parameters, query parameters and form fields hold no NUL and no lone surrogate (`%00`, `\ud800` in a
 * `client_id`, an id, a filter): no column can store them and no code of this platform means them. Refused with
 * a 400 naming the parameter before any handler (or database) sees them. JSON bodies are checked by their parser.
 */
export function registerRequestTextCheck(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', async (request: HookRequest) => {
      const form = String(request.headers['content-type'] ?? '').startsWith(
        'application/x-www-form-urlencoded',
      );
      for (const [where, value] of [
        ['path', request.params],
        ['query', request.query],
        ...(form ? [['form', request.body] as const] : []),
      ] as const) {
        const bad = unstorableTextIn(value);
        if (bad) {
          throw new FieldValidationException(
            [{ ...bad, path: `${where}.${bad.path}` }],
            `A ${where} parameter holds a character no field can`,
          );
        }
      }
    });
}
