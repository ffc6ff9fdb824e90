import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { DEMO_ENTERPRISES } from '@swx/contracts';

import { Authenticated } from './auth.guard';
import {
  ClientPage,
  ClientResponse,
  ClientWithSecretResponse,
  IssueClientRequest,
  ListClientsQuery,
} from './client.dto';
import { REVOCATION_CACHE_TTL_MS } from './client-revocation.service';
import { ManageClients } from './manage-clients.usecase';
import { Scopes } from './principal';

const CLIENT_ID_PARAM = {
  name: 'clientId',
  description: 'Client id',
  example: `ent-${DEMO_ENTERPRISES.platform.customsCode}-1a2b3c4d`,
};
const ISSUE_EXAMPLES = {
  enterprise: {
    summary: 'For the ERP of a registered enterprise (default scopes)',
    value: { kind: 'enterprise', enterpriseCode: DEMO_ENTERPRISES.platform.customsCode, description: 'ERP' },
  },
  regulator: {
    summary: 'For a regulator agency, with personal data',
    value: { kind: 'regulator', agency: 'customs', scopes: ['regulator:read', 'personal-data:read'] },
  },
  operator: { summary: 'For another operator', value: { kind: 'operator', description: '值班运维' } },
  bank: {
    summary: 'For a bank registered with POST /v1/banks (forex: its customers’ records, settlements)',
    value: { kind: 'bank', bankCode: 'BKCHCNBJ330', description: '中国银行浙江省分行 结售汇系统' },
  },
};
const EFFECT_BOUND = `within ${REVOCATION_CACHE_TTL_MS / 1000} seconds on every gateway instance`;

@ApiTags('credentials')
@Controller({ path: 'clients', version: '1' })
@Authenticated(Scopes.CredentialsManage)
export class ClientsController {
  constructor(private readonly clients: ManageClients) {}

  @Post()
  @ApiOperation({
    summary: 'Issue client credentials',
    description:
      'Creates an OAuth2 client for a registered, active enterprise (`enterpriseCode`), a regulator agency ' +
      '(`agency`), a registered bank (`bankCode`) or an operator, with the default scopes of its kind unless `scopes` lists others it may ' +
      'have. The answer carries the client secret, shown this once: only its scrypt hash is stored. The ' +
      'client then gets tokens at `POST /v1/oauth/token`.',
  })
  @ApiBody({ type: IssueClientRequest, examples: ISSUE_EXAMPLES })
  @ApiCreatedResponse({ type: ClientWithSecretResponse })
  @ApiBadRequestResponse({
    description:
      'application/problem+json with field errors: bad fields, scopes its kind cannot have, unknown enterprise',
  })
  @ApiConflictResponse({ description: 'The enterprise is suspended' })
  issue(@Body() request: IssueClientRequest): Promise<ClientWithSecretResponse> {
    return this.clients.issue(request);
  }

  @Get()
  @ApiOperation({
    summary: 'List clients',
    description: 'Clients in client-id order, a page at a time (`limit`, `cursor`); secrets are never shown.',
  })
  @ApiOkResponse({ type: ClientPage })
  list(@Query() query: ListClientsQuery): Promise<ClientPage> {
    return this.clients.list(query);
  }

  @Get(':clientId')
  @ApiOperation({ summary: 'Read a client', description: 'One client, without its secret.' })
  @ApiParam(CLIENT_ID_PARAM)
  @ApiOkResponse({ type: ClientResponse })
  @ApiNotFoundResponse({ description: 'No such client' })
  get(@Param('clientId') clientId: string): Promise<ClientResponse> {
    return this.clients.get(clientId);
  }

  @Post(':clientId/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Rotate a client secret',
    description:
      'Issues a new secret (shown this once). The old secret stops working at once, and tokens issued ' +
      `before the rotation are rejected ${EFFECT_BOUND}. The bootstrap operator (OPERATOR_CLIENT_ID) ` +
      'is rotated by changing OPERATOR_CLIENT_SECRET and restarting instead.',
  })
  @ApiParam(CLIENT_ID_PARAM)
  @ApiOkResponse({ type: ClientWithSecretResponse })
  @ApiNotFoundResponse({ description: 'No such client' })
  @ApiConflictResponse({ description: 'The client is revoked, or is the bootstrap operator' })
  rotate(@Param('clientId') clientId: string): Promise<ClientWithSecretResponse> {
    return this.clients.rotate(clientId);
  }

  @Post(':clientId/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Revoke a client',
    description:
      'For good: the client gets no more tokens, and the tokens it holds are rejected ' +
      `${EFFECT_BOUND}. Revoking a revoked client changes nothing.`,
  })
  @ApiParam(CLIENT_ID_PARAM)
  @ApiOkResponse({ type: ClientResponse })
  @ApiNotFoundResponse({ description: 'No such client' })
  revoke(@Param('clientId') clientId: string): Promise<ClientResponse> {
    return this.clients.revoke(clientId);
  }
}
