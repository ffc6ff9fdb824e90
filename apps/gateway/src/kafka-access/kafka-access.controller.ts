import { Controller, Delete, Get, Param, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';

import { KAFKA_TOKEN } from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { Scopes } from '../auth/principal';
import { KafkaAccessResponse } from './kafka-access.dto';
import { KafkaAccessService } from './kafka-access.service';

const CLIENT_ID_PARAM = {
  name: 'clientId',
  description: 'A regulator client',
  example: 'reg-customs-1a2b3c4d',
};
const REAUTH_SECONDS = KAFKA_TOKEN.reauthenticateWithinMs / 1000;

/** Operators grant and revoke a regulator's subscription to its agency's topics on the broker. */
@ApiTags('credentials')
@Controller({ path: 'clients/:clientId/kafka-access', version: '1' })
@Authenticated(Scopes.CredentialsManage)
@ApiParam(CLIENT_ID_PARAM)
@ApiNotFoundResponse({ description: 'No such client' })
@ApiServiceUnavailableResponse({ description: 'The broker did not answer' })
export class KafkaAccessController {
  constructor(private readonly access: KafkaAccessService) {}

  @Put()
  @ApiOperation({
    summary: 'Grant a regulator its Kafka subscription',
    description:
      'Writes the broker ACLs of the client’s agency (the per-agency topic table): READ and DESCRIBE on each ' +
      'external topic the agency is entitled to, READ on the consumer groups starting with ' +
      '`<agency>.<clientId>.`, nothing else; ACLs it held beyond those are removed. The client then gets Kafka ' +
      `tokens at \`POST /v1/oauth/token\` with \`audience=${KAFKA_TOKEN.audience}\` and connects to the ` +
      'subscribers’ listener with SASL/OAUTHBEARER. Idempotent; grant again after a new topic version ' +
      '(`pendingTopics`).',
  })
  @ApiOkResponse({ type: KafkaAccessResponse })
  @ApiConflictResponse({ description: 'The client is revoked, or is not a regulator client' })
  grant(@Param('clientId') clientId: string): Promise<KafkaAccessResponse> {
    return this.access.grant(clientId);
  }

  @Get()
  @ApiOperation({
    summary: 'Read a regulator’s Kafka subscription',
    description:
      'The topics the broker lets the client read, its consumer-group prefix, and what a new grant would add.',
  })
  @ApiOkResponse({ type: KafkaAccessResponse })
  @ApiConflictResponse({ description: 'The client is not a regulator client' })
  describe(@Param('clientId') clientId: string): Promise<KafkaAccessResponse> {
    return this.access.describe(clientId);
  }

  @Delete()
  @ApiOperation({
    summary: 'Revoke a regulator’s Kafka subscription',
    description:
      'Deletes every broker ACL of the client, so the broker refuses its next fetch, and the gateway issues it ' +
      `no more Kafka tokens: its open sessions end when they must re-authenticate, within ${REAUTH_SECONDS} s. ` +
      'Revoking the client itself does the same. Idempotent.',
  })
  @ApiOkResponse({ type: KafkaAccessResponse })
  async revoke(@Param('clientId') clientId: string): Promise<KafkaAccessResponse> {
    const revoked = await this.access.revoke(clientId);
    return revoked ?? this.access.describe(clientId);
  }
}
