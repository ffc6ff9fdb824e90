import { createHash, createPrivateKey, createPublicKey, KeyObject, randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { KAFKA_TOKEN, type RegulatorAgency } from '@swx/contracts';

import { GatewayEnv } from '../gateway.env';

/** A public key of a JSON Web Key Set (RFC 7517), as `GET /.well-known/jwks.json` serves it. */
export interface PublicJwk {
  kty: string;
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
  kid: string;
  alg: string;
  use: 'sig';
}

/** RFC 7638 thumbprint of a public JWK (its required members in lexicographic order): the key id. */
export function jwkThumbprint(jwk: {
  kty?: string;
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
}): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/**
 * Signs the regulators' Kafka tokens (SASL/OAUTHBEARER) with KAFKA_TOKEN_SIGNING_KEY, an RSA key (RS256), and
 * publishes its public key. The broker checks the tokens with Kafka's own JWT validator against that public key
 * (a JWKS file it reads at start): `iss` single-window, `aud` single-window-kafka, `sub` the client id (the
 * broker's principal `User:<client id>`), a short `exp`. REST tokens stay HS256 with AUTH_JWT_SECRET: a Kafka
 * token is refused by the API (other algorithm and audience), a REST token by the broker.
 */
@Injectable()
export class KafkaTokenSigner {
  private readonly privateKey?: KeyObject;
  private readonly jwk?: PublicJwk;
  private readonly jwt?: JwtService;

  constructor(env: GatewayEnv) {
    if (!env.KAFKA_TOKEN_SIGNING_KEY) return;
    this.privateKey = createPrivateKey(env.KAFKA_TOKEN_SIGNING_KEY);
    if (this.privateKey.asymmetricKeyType !== 'rsa') {
      throw new Error(
        'KAFKA_TOKEN_SIGNING_KEY must be an RSA private key (PKCS#8 PEM): Kafka tokens are RS256',
      );
    }
    const exported = createPublicKey(this.privateKey).export({ format: 'jwk' });
    this.jwk = {
      kty: exported.kty!,
      n: exported.n,
      e: exported.e,
      kid: jwkThumbprint(exported),
      alg: KAFKA_TOKEN.algorithm,
      use: 'sig',
    };
    this.jwt = new JwtService({
      privateKey: this.privateKey,
      signOptions: { algorithm: KAFKA_TOKEN.algorithm, keyid: this.jwk.kid },
    });
  }

  /** Whether Kafka tokens can be issued (KAFKA_TOKEN_SIGNING_KEY is set). */
  get enabled(): boolean {
    return this.jwt !== undefined;
  }

  /** The public keys that verify Kafka tokens (none when KAFKA_TOKEN_SIGNING_KEY is not set). */
  jwks(): { keys: PublicJwk[] } {
    return { keys: this.jwk ? [this.jwk] : [] };
  }

  async sign(clientId: string, agency: RegulatorAgency): Promise<string> {
    if (!this.jwt) throw new Error('KAFKA_TOKEN_SIGNING_KEY is not set');
    return this.jwt.signAsync(
      { agency },
      {
        subject: clientId,
        jwtid: randomUUID(),
        issuer: KAFKA_TOKEN.issuer,
        audience: KAFKA_TOKEN.audience,
        expiresIn: KAFKA_TOKEN.ttlSeconds,
      },
    );
  }
}
