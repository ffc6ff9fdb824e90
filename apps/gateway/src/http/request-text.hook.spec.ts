import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { FieldValidationException, ProblemException } from '@swx/platform';

import { registerRequestTextCheck } from './request-text.hook';

type Hook = (request: {
  headers: Record<string, string>;
  params?: unknown;
  query?: unknown;
}) => Promise<void>;

/** The hooks the check adds, by name, from a stand-in for the fastify instance. */
function hooks(): Record<string, Hook> {
  const added: Record<string, Hook> = {};
  const server = { addHook: (name: string, hook: Hook) => (added[name] = hook) };
  registerRequestTextCheck({
    getHttpAdapter: () => ({ getInstance: () => server }),
  } as unknown as NestFastifyApplication);
  return added;
}

describe('request text check', () => {
  const { onRequest, preValidation } = hooks();

  it.each(['gzip', 'br', 'deflate', 'GZIP, br'])(
    'refuses a body under Content-Encoding %s with a 415 before reading it (found by the fuzz suite)',
    async (coding) => {
      const refused = await onRequest({ headers: { 'content-encoding': coding } }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ProblemException);
      expect((refused as ProblemException).getStatus()).toBe(415);
      expect((refused as ProblemException).errors[0].rule).toBe('contentEncoding.unsupported');
    },
  );

  it('lets unencoded bodies through', async () => {
    await expect(onRequest({ headers: {} })).resolves.toBeUndefined();
    await expect(onRequest({ headers: { 'content-encoding': 'identity' } })).resolves.toBeUndefined();
  });

  it('refuses a NUL in a path or query parameter', async () => {
    await expect(preValidation({ headers: {}, params: { id: 'a\u0000' } })).rejects.toBeInstanceOf(
      FieldValidationException,
    );
  });
});
