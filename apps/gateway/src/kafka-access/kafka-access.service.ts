import {
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  AclEntry,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Admin,
  Kafka,
  ResourcePatternTypes,
} from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { agencyTopics, consumerGroupPrefix, type RegulatorAgency } from '@swx/contracts';
import { MESSAGING_KAFKA } from '@swx/messaging';

import { OAuthClient } from '../auth/oauth-client.entity';
import { GatewayEnv } from '../gateway.env';
import { KafkaAccessResponse } from './kafka-access.dto';
import { aclKey, kafkaAclsFor, kafkaPrincipal } from './kafka-acls';

/** Every ACL of one principal, whatever resource, pattern, host or operation. */
const allAclsOf = (clientId: string) => ({
  resourceType: AclResourceTypes.ANY,
  resourcePatternType: ResourcePatternTypes.ANY,
  principal: kafkaPrincipal(clientId),
  operation: AclOperationTypes.ANY,
  permissionType: AclPermissionTypes.ANY,
});

/**
 * A regulator's access to the subscribers' listener, kept as ACLs in the broker itself (the broker's
 * StandardAuthorizer decides every request; the ACLs are the one record of who may read what). Granting
 * writes the ACLs of the client's agency (AGENCY_TOPICS); revoking deletes them all, so the broker refuses the
 * client's next request, and the gateway issues it no more Kafka tokens: its live sessions end at their next
 * re-authentication (at most 60 s).
 */
@Injectable()
export class KafkaAccessService {
  constructor(
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly env: GatewayEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(KafkaAccessService.name);
  }

  /** Grants the client its agency's topics and group prefix, and removes any other ACL it holds. */
  async grant(clientId: string): Promise<KafkaAccessResponse> {
    const client = await this.regulator(clientId);
    if (client.revokedAt) throw new ConflictException(`The client ${clientId} is revoked`);
    const agency = client.agency!;
    const wanted = kafkaAclsFor(clientId, agency);
    const held = await this.withAdmin(async (admin) => {
      await admin.createAcls({ acl: wanted });
      const keys = new Set(wanted.map(aclKey));
      const extra = (await this.aclsOf(admin, clientId)).filter((a) => !keys.has(aclKey(a)));
      if (extra.length > 0) await admin.deleteAcls({ filters: extra });
      return this.aclsOf(admin, clientId);
    });
    this.logger.info({ clientId, agency, acls: held.length }, 'kafka access granted');
    return this.response(clientId, agency, held);
  }

  async describe(clientId: string): Promise<KafkaAccessResponse> {
    const client = await this.regulator(clientId);
    const held = await this.withAdmin((admin) => this.aclsOf(admin, clientId));
    return this.response(clientId, client.agency!, held);
  }

  /** Deletes every ACL of the client. Idempotent; also for clients that are not (or no longer) regulators. */
  async revoke(clientId: string): Promise<KafkaAccessResponse | undefined> {
    const client = await this.dataSource.getRepository(OAuthClient).findOneBy({ clientId });
    if (!client) throw new NotFoundException(`No client ${clientId}`);
    const removed = await this.withAdmin(async (admin) => {
      const response = await admin.deleteAcls({ filters: [allAclsOf(clientId)] });
      return response.filterResponses.reduce((n, r) => n + r.matchingAcls.length, 0);
    });
    if (removed > 0) this.logger.info({ clientId, acls: removed }, 'kafka access revoked');
    return client.kind === 'regulator' && client.agency
      ? this.response(clientId, client.agency, [])
      : undefined;
  }

  /** Whether the client holds any ACL: only then does it get Kafka tokens. */
  async isGranted(clientId: string): Promise<boolean> {
    return (await this.withAdmin((admin) => this.aclsOf(admin, clientId))).length > 0;
  }

  private async regulator(clientId: string): Promise<OAuthClient> {
    const client = await this.dataSource.getRepository(OAuthClient).findOneBy({ clientId });
    if (!client) throw new NotFoundException(`No client ${clientId}`);
    if (client.kind !== 'regulator' || !client.agency) {
      throw new ConflictException(
        `Kafka access is for regulator clients; ${clientId} is a ${client.kind} client`,
      );
    }
    return client;
  }

  private async aclsOf(admin: Admin, clientId: string): Promise<AclEntry[]> {
    const { resources } = await admin.describeAcls(allAclsOf(clientId));
    return resources.flatMap(({ acls, ...resource }) => acls.map((acl) => ({ ...resource, ...acl })));
  }

  private response(clientId: string, agency: RegulatorAgency, held: AclEntry[]): KafkaAccessResponse {
    const topics = held
      .filter((a) => a.resourceType === AclResourceTypes.TOPIC && a.operation === AclOperationTypes.READ)
      .map((a) => a.resourceName)
      .sort();
    return {
      clientId,
      agency,
      granted: held.length > 0,
      consumerGroupPrefix: consumerGroupPrefix(agency, clientId),
      topics,
      pendingTopics:
        held.length > 0
          ? agencyTopics(agency)
              .map((t) => t.name)
              .filter((t) => !topics.includes(t))
          : [],
      ...(this.env.KAFKA_SUBSCRIBER_BROKERS && { bootstrapServers: this.env.KAFKA_SUBSCRIBER_BROKERS }),
    };
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      return await work(admin);
    } catch (e) {
      if (e instanceof NotFoundException || e instanceof ConflictException) throw e;
      this.logger.error({ err: e }, 'kafka access: the broker did not answer');
      throw new ServiceUnavailableException('The broker did not answer; try again');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
