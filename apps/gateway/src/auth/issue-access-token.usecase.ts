import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';

import { KAFKA_TOKEN } from '@swx/contracts';

import { GatewayEnv } from '../gateway.env';
import { KafkaAccessService } from '../kafka-access/kafka-access.service';
import { KafkaTokenSigner } from '../kafka-access/kafka-token';
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
    private readonly kafkaTokens: KafkaTokenSigner,
    private readonly kafkaAccess: KafkaAccessService,
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
    if (request.audience !== undefined && request.audience !== TOKEN_AUDIENCE) {
      return this.kafkaToken(client, request);
    }

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
      ...(client.bankCode && { bank: client.bankCode }),
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

  /**
   * A Kafka token (`audience=single-window-kafka`): for a regulator client an operator granted Kafka access, RS256,
   * short-lived, `sub` its client id; the broker checks it and its ACLs decide what the client reads.
   */
  private async kafkaToken(
    client: OAuthClient,
    request: ClientCredentialsRequest,
  ): Promise<AccessTokenResponse> {
    if (request.audience !== KAFKA_TOKEN.audience) {
      throw new OAuthError(
        'invalid_request',
        `audience must be ${TOKEN_AUDIENCE} (the API, the default) or ${KAFKA_TOKEN.audience} (the broker)`,
      );
    }
    if (request.scopes !== undefined) {
      throw new OAuthError('invalid_scope', 'A Kafka token has no scopes: its ACLs on the broker decide');
    }
    if (client.kind !== 'regulator' || !client.agency) {
      throw new OAuthError('unauthorized_client', 'Kafka tokens are for regulator clients');
    }
    if (!this.kafkaTokens.enabled) {
      throw new OAuthError(
        'unauthorized_client',
        'This gateway issues no Kafka tokens (no KAFKA_TOKEN_SIGNING_KEY)',
      );
    }
    if (!(await this.kafkaAccess.isGranted(client.clientId))) {
      throw new OAuthError('unauthorized_client', 'This client has no Kafka access; an operator grants it');
    }
    return {
      access_token: await this.kafkaTokens.sign(client.clientId, client.agency),
      token_type: 'Bearer',
      expires_in: KAFKA_TOKEN.ttlSeconds,
      scope: '',
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
