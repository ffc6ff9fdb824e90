import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { GatewayEnv } from '../gateway.env';
import { ClientRevocationService } from './client-revocation.service';
import { CLIENT_SCOPE_POLICY } from './client-scopes';
import { hashClientSecret, verifyClientSecret } from './client-secret';
import { OAuthClient } from './oauth-client.entity';

/**
 * Makes sure the first operator (`OPERATOR_CLIENT_ID`/`OPERATOR_CLIENT_SECRET`) can sign in, so a new platform
 * can be administered: creates the client, or gives it the environment's secret (a rotation: its older
 * tokens stop working) and the operator scopes. Idempotent, and safe when several instances start together.
 * A revoked bootstrap client stays revoked.
 */
@Injectable()
export class BootstrapOperator implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: GatewayEnv,
    private readonly revocation: ClientRevocationService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(BootstrapOperator.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    const clientId = this.env.OPERATOR_CLIENT_ID;
    const secret = this.env.OPERATOR_CLIENT_SECRET;
    const scopes = CLIENT_SCOPE_POLICY.operator.grantable;
    const outcome = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bootstrap-operator:${clientId}`]);
      const existing = await manager.findOneBy(OAuthClient, { clientId });
      if (!existing) {
        await manager.insert(OAuthClient, {
          clientId,
          kind: 'operator',
          enterpriseCode: null,
          agency: null,
          scopes,
          description: 'bootstrap operator (OPERATOR_CLIENT_ID)',
          secretHash: await hashClientSecret(secret),
          secretRotatedAt: null,
          revokedAt: null,
          createdAt: new Date(),
        });
        return 'created';
      }
      if (existing.kind !== 'operator') {
        throw new Error(`OPERATOR_CLIENT_ID ${clientId} names an existing ${existing.kind} client`);
      }
      const sameSecret = await verifyClientSecret(secret, existing.secretHash);
      const sameScopes = scopes.every((s) => existing.scopes.includes(s));
      if (sameSecret && sameScopes) return existing.revokedAt ? 'revoked' : 'unchanged';
      if (!sameSecret) {
        existing.secretHash = await hashClientSecret(secret);
        existing.secretRotatedAt = new Date();
      }
      existing.scopes = scopes;
      await manager.save(existing);
      return existing.revokedAt ? 'revoked' : 'updated';
    });
    this.revocation.forget(clientId);
    if (outcome === 'revoked') {
      this.logger.warn(
        { clientId },
        'the bootstrap operator client is revoked; set another OPERATOR_CLIENT_ID',
      );
    } else if (outcome !== 'unchanged') {
      this.logger.info({ clientId }, `bootstrap operator client ${outcome}`);
    }
  }
}
