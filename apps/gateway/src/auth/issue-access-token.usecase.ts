import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';

import { GatewayEnv } from '../gateway.env';
import { Enterprise } from '../registry/enterprise.entity';
import { decoyHash, verifyClientSecret } from './client-secret';
import { invalidUpToSecond } from './client-revocation.service';
import { AccessTokenClaims, TOKEN_AUDIENCE, TOKEN_ISSUER } from './jwt-claims';
import { OAuthClient } from './oauth-client.entity';
import { ClientCredentialsRequest, OAuthError } from './oauth-token-request';
import type { Scope } from './principal';
import { TokenThrottle } from './token-throttle';

export interface AccessTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** The client-credentials grant: authenticates the client and signs an access token of its granted scopes. */
@Injectable()
export class IssueAccessToken {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly env: GatewayEnv,
    private readonly throttle: TokenThrottle,
  ) {}

  /** `sourceAddress`: the caller's address, for the lockout of failed attempts (TokenThrottle). */
  async execute(request: ClientCredentialsRequest, sourceAddress: string): Promise<AccessTokenResponse> {
    // A locked client id or address is answered before any secret is hashed (no scrypt CPU for guesses).
    await this.throttle.assertOpen(request.clientId, sourceAddress);
    const client = await this.dataSource.getRepository(OAuthClient).findOneBy({ clientId: request.clientId });
    const authentic = await verifyClientSecret(
      request.clientSecret,
      client?.secretHash ?? (await decoyHash()),
    );
    if (!client || !authentic || client.revokedAt) {
      await this.throttle.recordFailure(request.clientId, sourceAddress);
      throw new OAuthError('invalid_client', 'Unknown client, wrong secret, or revoked client');
    }
    await this.throttle.recordSuccess(request.clientId, sourceAddress);

    let enterprise: Enterprise | null = null;
    if (client.kind === 'enterprise') {
      enterprise = await this.dataSource
        .getRepository(Enterprise)
        .findOneBy({ customsCode: client.enterpriseCode ?? '' });
      if (enterprise?.status !== 'active') {
        throw new OAuthError('unauthorized_client', 'The enterprise of this client is suspended');
      }
    }

    const granted = request.scopes ?? client.scopes;
    const beyond = granted.filter((s) => !client.scopes.includes(s as Scope));
    if (beyond.length > 0) {
      throw new OAuthError('invalid_scope', `Scopes not granted to this client: ${beyond.join(' ')}`);
    }

    await untilAfterSecond(invalidUpToSecond(client.secretRotatedAt, enterprise?.suspendedAt));
    const claims: AccessTokenClaims = {
      kind: client.kind,
      ...(enterprise && { ent: enterprise.customsCode }),
      roles: enterprise?.roles ?? [],
      ...(client.agency && { agency: client.agency }),
      scope: granted.join(' '),
    };
    const accessToken = await this.jwt.signAsync(claims, {
      subject: client.clientId,
      jwtid: randomUUID(),
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.env.AUTH_TOKEN_TTL_SECONDS,
      scope: claims.scope,
    };
  }
}

/**
 * Tokens issued in the second of a rotation or suspension count as issued before it (`iat` has whole
 * seconds), so a token asked for in that second is signed in the next one: a wait of under a second, only
 * right after such a change.
 */
async function untilAfterSecond(second: number): Promise<void> {
  const wait = (second + 1) * 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
