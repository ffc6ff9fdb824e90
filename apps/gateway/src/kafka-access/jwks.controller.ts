import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { KafkaTokenSigner, PublicJwk } from './kafka-token';

class JwksResponse {
  @ApiProperty({
    description:
      'The RS256 public keys of the Kafka tokens (RFC 7517); empty when the gateway issues none (no KAFKA_TOKEN_SIGNING_KEY)',
    example: [{ kty: 'RSA', n: 'vyqcxWqa…', e: 'AQAB', kid: 'Xb2…', alg: 'RS256', use: 'sig' }],
  })
  keys!: PublicJwk[];
}

@ApiTags('credentials')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly signer: KafkaTokenSigner) {}

  @Get('jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({
    summary: 'Public keys of the Kafka tokens (JWKS)',
    description:
      'What the broker checks regulators’ Kafka tokens (SASL/OAUTHBEARER) against; the same keys are given to ' +
      'the broker as a file at its start. Public, no token.',
  })
  @ApiOkResponse({ type: JwksResponse })
  jwks(): JwksResponse {
    return this.signer.jwks();
  }
}
