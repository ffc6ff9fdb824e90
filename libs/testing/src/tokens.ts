import { randomUUID } from 'node:crypto';

import { JwtService } from '@nestjs/jwt';

import { TEST_SECRETS } from './service-process';

export interface TestTokenClaims {
  sub?: string;
  kind: 'enterprise' | 'regulator' | 'operator' | 'bank';
  /** Banks: the SWIFT code (`bank` claim). */
  bank?: string;
  ent?: string;
  roles?: string[];
  agency?: string;
  scopes: string[];
  expiresInSeconds?: number;
}

/**
 * An access token as the gateway issues it, signed with the test secret, for tests that are not about token
 * issuance itself.
 */
export function mintToken(claims: TestTokenClaims, secret = TEST_SECRETS.AUTH_JWT_SECRET): string {
  const jwt = new JwtService({ secret });
  return jwt.sign(
    {
      kind: claims.kind,
      ent: claims.ent,
      roles: claims.roles ?? [],
      agency: claims.agency,
      bank: claims.bank,
      scope: claims.scopes.join(' '),
    },
    {
      subject: claims.sub ?? `test-${claims.kind}-${claims.ent ?? claims.agency ?? 'x'}`,
      jwtid: randomUUID(),
      issuer: 'single-window',
      audience: 'single-window-api',
      algorithm: 'HS256',
      expiresIn: claims.expiresInSeconds ?? 600,
    },
  );
}
