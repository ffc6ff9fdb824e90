import { randomBytes } from 'node:crypto';

import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { FieldValidationException } from '@swx/platform';

import { GatewayEnv } from '../gateway.env';
import { KafkaAccessService } from '../kafka-access/kafka-access.service';
import { Banks } from '../registry/bank-customers';
import { Enterprise } from '../registry/enterprise.entity';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, pageOf } from '../registry/page';
import { ClientResponse, ClientWithSecretResponse, IssueClientRequest, ListClientsQuery } from './client.dto';
import { ClientRevocationService } from './client-revocation.service';
import { CLIENT_SCOPE_POLICY } from './client-scopes';
import { generateClientSecret, hashClientSecret } from './client-secret';
import { OAuthClient } from './oauth-client.entity';

const CLIENT_ID = /^[\w.-]{3,64}$/;

export function clientResponse(c: OAuthClient): ClientResponse {
  return {
    clientId: c.clientId,
    kind: c.kind,
    ...(c.enterpriseCode !== null && { enterpriseCode: c.enterpriseCode }),
    ...(c.agency !== null && { agency: c.agency }),
    ...(c.bankCode && { bankCode: c.bankCode }),
    scopes: c.scopes,
    description: c.description,
    createdAt: c.createdAt.toISOString(),
    ...(c.secretRotatedAt !== null && { secretRotatedAt: c.secretRotatedAt.toISOString() }),
    ...(c.revokedAt !== null && { revokedAt: c.revokedAt.toISOString() }),
  };
}

/** Operators issue, list, rotate and revoke client credentials. */
@Injectable()
export class ManageClients {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revocation: ClientRevocationService,
    private readonly env: GatewayEnv,
    private readonly kafkaAccess: KafkaAccessService,
    private readonly banks: Banks,
  ) {}

  async issue(request: IssueClientRequest): Promise<ClientWithSecretResponse> {
    const policy = CLIENT_SCOPE_POLICY[request.kind];
    const scopes = request.scopes ?? policy.defaults;
    const refused = scopes.filter((s) => !policy.grantable.includes(s));
    if (refused.length > 0) {
      throw new FieldValidationException([
        {
          path: 'scopes',
          rule: 'grantableScopes',
          message: `a ${request.kind} client cannot have: ${refused.join(', ')}`,
        },
      ]);
    }
    if (request.kind === 'enterprise') {
      const enterprise = await this.dataSource
        .getRepository(Enterprise)
        .findOneBy({ customsCode: request.enterpriseCode });
      if (!enterprise) {
        throw new FieldValidationException([
          {
            path: 'enterpriseCode',
            rule: 'registeredEnterprise',
            message: `no enterprise is registered with customs code ${request.enterpriseCode}`,
          },
        ]);
      }
      if (enterprise.status !== 'active') {
        throw new ConflictException(`The enterprise ${enterprise.customsCode} is suspended`);
      }
    }
    if (request.kind === 'bank') await this.banks.assertRegistered(request.bankCode ?? '');
    const clientId = newClientId(request);
    const secret = generateClientSecret();
    const client: OAuthClient = {
      clientId,
      kind: request.kind,
      enterpriseCode: request.enterpriseCode ?? null,
      agency: request.agency ?? null,
      bankCode: request.bankCode ?? null,
      scopes,
      description: request.description ?? defaultDescription(request),
      secretHash: await hashClientSecret(secret),
      secretRotatedAt: null,
      revokedAt: null,
      createdAt: new Date(),
    };
    await this.dataSource.getRepository(OAuthClient).insert(client);
    return { ...clientResponse(client), clientSecret: secret };
  }

  async list(query: ListClientsQuery): Promise<Page<ClientResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CLIENT_ID);
    const q = this.dataSource
      .getRepository(OAuthClient)
      .createQueryBuilder('c')
      .orderBy('c.client_id', 'ASC');
    if (after !== undefined) q.andWhere('c.client_id > :after', { after });
    if (query.kind) q.andWhere('c.kind = :kind', { kind: query.kind });
    if (query.enterpriseCode) q.andWhere('c.enterprise_code = :code', { code: query.enterpriseCode });
    const rows = await q.take(limit + 1).getMany();
    return pageOf(rows, limit, (c) => c.clientId, clientResponse);
  }

  async get(clientId: string): Promise<ClientResponse> {
    return clientResponse(await this.find(clientId));
  }

  /** A new secret; the old one stops working and tokens issued up to now are rejected. */
  async rotate(clientId: string): Promise<ClientWithSecretResponse> {
    if (clientId === this.env.OPERATOR_CLIENT_ID) {
      throw new ConflictException(
        'The bootstrap operator client is managed by OPERATOR_CLIENT_SECRET: change it and restart the gateway',
      );
    }
    const secret = generateClientSecret();
    const secretHash = await hashClientSecret(secret);
    const client = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(OAuthClient, {
        where: { clientId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new NotFoundException(`No client ${clientId}`);
      if (found.revokedAt) throw new ConflictException(`The client ${clientId} is revoked`);
      found.secretHash = secretHash;
      found.secretRotatedAt = new Date();
      await manager.save(found);
      return found;
    });
    this.revocation.forget(clientId);
    return { ...clientResponse(client), clientSecret: secret };
  }

  /**
   * Revokes the client for good: no more tokens, and the ones it has are rejected; its Kafka ACLs are deleted
   * (a broker that does not answer makes this a 503 after the revocation: revoking again finishes it). Idempotent.
   */
  async revoke(clientId: string): Promise<ClientResponse> {
    const repository = this.dataSource.getRepository(OAuthClient);
    await repository
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('client_id = :clientId AND revoked_at IS NULL', { clientId })
      .execute();
    this.revocation.forget(clientId);
    const found = await this.find(clientId);
    if (found.kind === 'regulator') await this.kafkaAccess.revoke(clientId);
    return clientResponse(found);
  }

  private async find(clientId: string): Promise<OAuthClient> {
    const client = await this.dataSource.getRepository(OAuthClient).findOneBy({ clientId });
    if (!client) throw new NotFoundException(`No client ${clientId}`);
    return client;
  }
}

function newClientId(request: IssueClientRequest): string {
  const suffix = randomBytes(4).toString('hex');
  if (request.kind === 'enterprise') return `ent-${request.enterpriseCode}-${suffix}`;
  if (request.kind === 'regulator') return `reg-${request.agency}-${suffix}`;
  if (request.kind === 'bank') return `bank-${request.bankCode}-${suffix}`;
  return `op-${suffix}${randomBytes(2).toString('hex')}`;
}

function defaultDescription(request: IssueClientRequest): string {
  if (request.kind === 'enterprise') return `enterprise ${request.enterpriseCode}`;
  if (request.kind === 'regulator') return `regulator ${request.agency}`;
  if (request.kind === 'bank') return `bank ${request.bankCode}`;
  return 'operator';
}
