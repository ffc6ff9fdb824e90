import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { HttpStatus } from '@nestjs/common';

import { FieldValidationException, ProblemException } from '@swx/platform';

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
  const server = app.getHttpAdapter().getInstance();
  // A body is read as it comes: one that says it is compressed (gzip, br, ...) is not what the parsers would read,
  // so it is refused before it is read (RFC 9110 8.4.1: 415), not parsed as if it were plain (fuzz suite: a JSON
  // body under `Content-Encoding: br` was accepted, a gzip one answered as malformed JSON).
  server.addHook('onRequest', async (request: HookRequest) => {
    const coding = String(request.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    if (coding && coding !== 'identity') {
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'Request bodies are accepted unencoded only (no Content-Encoding)',
        [
          {
            path: '(headers).content-encoding',
            rule: 'contentEncoding.unsupported',
            message: `Content-Encoding ${coding.slice(0, 40)} is not accepted; send the body unencoded`,
          },
        ],
      );
    }
  });
  server.addHook('preValidation', async (request: HookRequest) => {
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
