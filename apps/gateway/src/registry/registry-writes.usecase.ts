import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

import type { EnterpriseChange } from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { ClientRevocationService } from '../auth/client-revocation.service';
import { ChangeEnterpriseRequest, RegisterEnterpriseRequest } from './enterprise.dto';
import { Enterprise } from './enterprise.entity';
import { PersonTokeniser } from '../personal-data/person-tokeniser';
import { publishEnterpriseChanged } from './enterprise-record';

const UNIQUE_FIELDS: Record<string, string> = {
  enterprise_pkey: 'customs code',
  enterprise_credit_code_uq: 'credit code',
  enterprise_id_number_uq: 'ID number',
};

/**
 * Operators' changes to the registry (备案): each writes the record and its `EnterpriseChanged` event (the
 * whole record) in one transaction. A change that changes nothing writes nothing and publishes nothing.
 */
@Injectable()
export class RegistryWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly revocation: ClientRevocationService,
    private readonly tokeniser: PersonTokeniser,
  ) {}

  async register(request: RegisterEnterpriseRequest): Promise<Enterprise> {
    const now = new Date();
    const enterprise: Enterprise = {
      customsCode: request.customsCode,
      kind: request.kind,
      creditCode: request.creditCode ?? null,
      idNumber: request.idNumber ?? null,
      name: request.name,
      roles: request.roles,
      contacts: request.contacts.map(({ name, telephone, email }) => ({ name, telephone, email })),
      status: 'active',
      suspensionReason: null,
      suspendedAt: null,
      district: request.district ?? null,
      version: 1,
      registeredAt: now,
      updatedAt: now,
    };
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(Enterprise, enterprise);
        await publishEnterpriseChanged(this.publisher, manager, enterprise, 'registered', this.tokeniser);
      });
    } catch (e) {
      const constraint = (e as QueryFailedError & { driverError?: { constraint?: string } }).driverError
        ?.constraint;
      if (e instanceof QueryFailedError && constraint && UNIQUE_FIELDS[constraint]) {
        throw new ConflictException(
          `An enterprise with this ${UNIQUE_FIELDS[constraint]} is already registered`,
        );
      }
      throw e;
    }
    return enterprise;
  }

  change(customsCode: string, request: ChangeEnterpriseRequest): Promise<Enterprise> {
    return this.update(customsCode, 'changed', (e) => {
      if (request.name !== undefined) e.name = request.name;
      if (request.roles !== undefined) e.roles = request.roles;
      if (request.district !== undefined) e.district = request.district;
      if (request.contacts !== undefined) {
        e.contacts = request.contacts.map(({ name, telephone, email }) => ({ name, telephone, email }));
      }
    });
  }

  /** Its clients' tokens are rejected from now on, and tokens issued before stay rejected after reactivation. */
  async suspend(customsCode: string, reason: string): Promise<Enterprise> {
    const enterprise = await this.update(customsCode, 'suspended', (e, now) => {
      if (e.status === 'suspended') return;
      e.status = 'suspended';
      e.suspensionReason = reason;
      e.suspendedAt = now;
    });
    this.revocation.forget();
    return enterprise;
  }

  async reactivate(customsCode: string): Promise<Enterprise> {
    const enterprise = await this.update(customsCode, 'reactivated', (e) => {
      e.status = 'active';
      e.suspensionReason = null;
    });
    this.revocation.forget();
    return enterprise;
  }

  private async update(
    customsCode: string,
    change: EnterpriseChange,
    apply: (e: Enterprise, now: Date) => void,
  ): Promise<Enterprise> {
    const enterprise = await this.dataSource.transaction(async (manager: EntityManager) => {
      const e = await manager.findOne(Enterprise, {
        where: { customsCode },
        lock: { mode: 'pessimistic_write' },
      });
      if (!e) throw new NotFoundException(`No enterprise is registered with customs code ${customsCode}`);
      const before = JSON.stringify(e);
      const now = new Date();
      apply(e, now);
      if (JSON.stringify(e) === before) return e;
      e.version += 1;
      e.updatedAt = now;
      const { customsCode: _key, ...fields } = e;
      await manager.update(Enterprise, { customsCode }, fields);
      await publishEnterpriseChanged(this.publisher, manager, e, change, this.tokeniser);
      return e;
    });
    return enterprise;
  }
}
