/** Error codes of the token endpoint (RFC 6749 §5.2). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** A token-endpoint error, answered as RFC 6749 JSON (`error`, `error_description`), not problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }

  /** `invalid_client` is a failed client authentication: 401; the others are 400. */
  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}

export interface ClientCredentialsRequest {
  grantType: string;
  clientId: string;
  clientSecret: string;
  /** Scopes asked for; undefined: every scope of the client. */
  scopes?: string[];
  /** Who the token is for: undefined, the API; `single-window-kafka`, the broker (a regulator's Kafka token). */
  audience?: string;
}

const PARAMETERS = ['grant_type', 'client_id', 'client_secret', 'scope', 'audience'] as const;
type Parameter = (typeof PARAMETERS)[number];

/** RFC 6749 Appendix A: client ids and secrets are form-urlencoded before Basic encoding. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function basicCredentials(authorization: string): { clientId: string; clientSecret: string } {
  const match = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(authorization);
  if (!match) throw new OAuthError('invalid_client', 'Client authentication must use HTTP Basic');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'Basic credentials must be client_id:client_secret');
  let credentials: { clientId: string; clientSecret: string };
  try {
    credentials = {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw new OAuthError('invalid_client', 'Basic credentials are not form-urlencoded');
  }
  // As in form fields (request-text.hook): no client holds one, and PostgreSQL refuses it (a 500 before).
  if ((credentials.clientId + credentials.clientSecret).includes('\u0000')) {
    throw new OAuthError('invalid_request', 'Basic credentials must not contain a NUL character');
  }
  return credentials;
}

/**
 * Reads a client-credentials token request (RFC 6749 §4.4.2) from its form or JSON body and its
 * `Authorization` header: the client authenticates with HTTP Basic or with `client_id` and `client_secret`
 * in the body, not both. Every parameter appears at most once, as a string.
 */
export function parseTokenRequest(
  body: unknown,
  authorization: string | undefined,
): ClientCredentialsRequest {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new OAuthError('invalid_request', 'The request body must be a form or a JSON object');
  }
  const fields = (body ?? {}) as Record<string, unknown>;
  const params: Partial<Record<Parameter, string>> = {};
  for (const name of PARAMETERS) {
    const value = fields[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      throw new OAuthError('invalid_request', `${name} must be given once, as a string`);
    }
    params[name] = value;
  }
  if (!params.grant_type) throw new OAuthError('invalid_request', 'grant_type is required');
  if (params.grant_type !== 'client_credentials') {
    throw new OAuthError(
      'unsupported_grant_type',
      `grant_type ${params.grant_type} is not supported; use client_credentials`,
    );
  }

  let clientId: string | undefined;
  let clientSecret: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    if (params.client_secret !== undefined) {
      throw new OAuthError('invalid_request', 'Authenticate with HTTP Basic or with client_secret, not both');
    }
    ({ clientId, clientSecret } = basicCredentials(authorization));
    if (params.client_id !== undefined && params.client_id !== clientId) {
      throw new OAuthError('invalid_request', 'client_id differs from the client of the Basic credentials');
    }
  } else {
    clientId = params.client_id;
    clientSecret = params.client_secret;
  }
  if (!clientId || !clientSecret) {
    throw new OAuthError(
      'invalid_client',
      'Client authentication is required: HTTP Basic, or client_id and client_secret',
    );
  }

  const scope = params.scope?.trim();
  return {
    grantType: params.grant_type,
    clientId,
    clientSecret,
    ...(scope && { scopes: [...new Set(scope.split(/ +/))] }),
    ...(params.audience !== undefined && { audience: params.audience }),
  };
}
