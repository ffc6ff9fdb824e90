import { OAuthError, parseTokenRequest } from './oauth-token-request';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

const errorOf = (body: unknown, authorization?: string): { error: string; status: number } => {
  try {
    parseTokenRequest(body, authorization);
  } catch (e) {
    if (e instanceof OAuthError) return { error: e.error, status: e.status };
    throw e;
  }
  throw new Error('expected an OAuthError');
};

describe('client-credentials token request (RFC 6749 §4.4.2)', () => {
  it('reads credentials from the body, scopes de-duplicated', () => {
    expect(
      parseTokenRequest(
        {
          grant_type: 'client_credentials',
          client_id: 'ent-1',
          client_secret: 's',
          scope: 'documents:read  documents:read documents:write',
        },
        undefined,
      ),
    ).toEqual({
      grantType: 'client_credentials',
      clientId: 'ent-1',
      clientSecret: 's',
      scopes: ['documents:read', 'documents:write'],
    });
  });

  it('reads HTTP Basic credentials, form-decoded, and allows the same client_id in the body', () => {
    const request = parseTokenRequest(
      { grant_type: 'client_credentials', client_id: 'op.1' },
      basic('op.1', 'a:b+c d/é'),
    );
    expect(request).toEqual({ grantType: 'client_credentials', clientId: 'op.1', clientSecret: 'a:b+c d/é' });
  });

  it('treats a missing or blank scope as every scope of the client', () => {
    const request = parseTokenRequest(
      { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b', scope: '  ' },
      undefined,
    );
    expect(request.scopes).toBeUndefined();
  });

  it('answers invalid_request for a missing grant type, repeated or non-string parameters, two methods', () => {
    expect(errorOf({ client_id: 'a', client_secret: 'b' })).toEqual({
      error: 'invalid_request',
      status: 400,
    });
    expect(errorOf({ grant_type: ['client_credentials', 'client_credentials'] })).toEqual({
      error: 'invalid_request',
      status: 400,
    });
    expect(errorOf({ grant_type: 'client_credentials', client_id: 'a', client_secret: 7 })).toEqual({
      error: 'invalid_request',
      status: 400,
    });
    expect(errorOf({ grant_type: 'client_credentials', client_secret: 'b' }, basic('a', 'b'))).toEqual({
      error: 'invalid_request',
      status: 400,
    });
    expect(errorOf({ grant_type: 'client_credentials', client_id: 'x' }, basic('a', 'b'))).toEqual({
      error: 'invalid_request',
      status: 400,
    });
    expect(errorOf('grant_type=client_credentials')).toEqual({ error: 'invalid_request', status: 400 });
  });

  it('answers unsupported_grant_type for other grants', () => {
    expect(errorOf({ grant_type: 'password', client_id: 'a', client_secret: 'b' })).toEqual({
      error: 'unsupported_grant_type',
      status: 400,
    });
  });

  it('answers invalid_request for a NUL in Basic credentials, raw or form-encoded (found by the fuzz suite)', () => {
    const grant = { grant_type: 'client_credentials' };
    const raw = `Basic ${Buffer.from('a\u0000b:secret').toString('base64')}`;
    const encoded = `Basic ${Buffer.from('client:se%00cret').toString('base64')}`;
    expect(errorOf(grant, raw)).toEqual({ error: 'invalid_request', status: 400 });
    expect(errorOf(grant, encoded)).toEqual({ error: 'invalid_request', status: 400 });
  });

  it('answers invalid_client (401) without credentials or with a malformed or non-Basic header', () => {
    expect(errorOf({ grant_type: 'client_credentials' })).toEqual({ error: 'invalid_client', status: 401 });
    expect(errorOf({ grant_type: 'client_credentials', client_id: 'a' })).toEqual({
      error: 'invalid_client',
      status: 401,
    });
    expect(errorOf({ grant_type: 'client_credentials' }, 'Bearer abc')).toEqual({
      error: 'invalid_client',
      status: 401,
    });
    expect(
      errorOf({ grant_type: 'client_credentials' }, `Basic ${Buffer.from('no-colon').toString('base64')}`),
    ).toEqual({ error: 'invalid_client', status: 401 });
    expect(
      errorOf({ grant_type: 'client_credentials' }, `Basic ${Buffer.from('a:%E0%A4%A').toString('base64')}`),
    ).toEqual({ error: 'invalid_client', status: 401 });
  });
});
