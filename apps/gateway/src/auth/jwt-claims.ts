import type { EnterpriseRole } from '@swx/contracts';

import type { Agency, Principal, Scope } from './principal';

export const TOKEN_ISSUER = 'single-window';
export const TOKEN_AUDIENCE = 'single-window-api';

/** Claims of an access token besides the registered ones (`iss`, `aud`, `sub`, `jti`, `iat`, `exp`). */
export interface AccessTokenClaims {
  kind: Principal['kind'];
  ent?: string;
  roles: EnterpriseRole[];
  agency?: Agency;
  /** SWIFT BIC of a bank client. */
  bank?: string;
  /** Space-separated scopes, as OAuth2 writes them. */
  scope: string;
  /** A named person's console session: the staff account id … */
  per?: string;
  /** … and the session id (its sign-out, or disabling the account, ends it). */
  sid?: string;
}

/** `sub` of a named person's session token. */
export const PERSON_SUBJECT_PREFIX = 'person:';

export interface VerifiedToken extends AccessTokenClaims {
  sub: string;
  jti: string;
  iat: number;
  exp: number;
}

export function principalOf(token: VerifiedToken): Principal {
  return {
    clientId: token.sub,
    kind: token.kind,
    enterpriseCode: token.ent,
    roles: token.roles ?? [],
    agency: token.agency,
    ...(token.bank ? { bankCode: token.bank } : {}),
    scopes: (token.scope ?? '').split(' ').filter(Boolean) as Scope[],
    tokenId: token.jti,
    ...(token.per && token.sid && token.sub.startsWith(PERSON_SUBJECT_PREFIX)
      ? {
          person: {
            id: token.per,
            login: token.sub.slice(PERSON_SUBJECT_PREFIX.length),
            sessionId: token.sid,
          },
        }
      : {}),
  };
}
