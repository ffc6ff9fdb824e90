import { EntityManager } from 'typeorm';

import { createEnvelope, EnterpriseChange, EnterpriseChanged, Topics } from '@swx/contracts';
import { OutboxService } from '@swx/messaging';
import { correlationIdFrom, currentCorrelationId } from '@swx/observability';

import { hasScope, Principal, Scopes } from '../auth/principal';
import { maskValue } from '../intake/masking';
import type { EnterpriseResponse } from './enterprise.dto';
import { Enterprise } from './enterprise.entity';

/** The whole current record, as the `EnterpriseChanged` event carries it (ID number in clear). */
export function enterpriseRecord(e: Enterprise): Omit<EnterpriseChanged, 'change'> {
  return {
    customsCode: e.customsCode,
    kind: e.kind,
    ...(e.creditCode !== null && { creditCode: e.creditCode }),
    ...(e.idNumber !== null && { idNumber: e.idNumber }),
    name: e.name,
    roles: e.roles,
    contacts: e.contacts,
    status: e.status,
    ...(e.suspensionReason !== null && { suspensionReason: e.suspensionReason }),
    version: e.version,
    registeredAt: e.registeredAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The record as the API answers it: the ID number masked for callers without `personal-data:read`. */
export function enterpriseResponse(e: Enterprise, caller: Principal): EnterpriseResponse {
  const record = enterpriseRecord(e);
  if (record.idNumber !== undefined && !hasScope(caller, Scopes.PersonalData)) {
    record.idNumber = maskValue(record.idNumber);
  }
  return record;
}

/** Writes the whole current record to the outbox, in the caller's transaction. */
export async function publishEnterpriseChanged(
  outbox: OutboxService,
  manager: EntityManager,
  e: Enterprise,
  change: EnterpriseChange,
): Promise<void> {
  const payload: EnterpriseChanged = { change, ...enterpriseRecord(e) };
  await outbox.enqueue(
    manager,
    Topics.EnterpriseChanged.name,
    createEnvelope({
      type: Topics.EnterpriseChanged.messageType,
      version: Topics.EnterpriseChanged.version,
      producer: 'gateway',
      key: e.customsCode,
      correlationId: currentCorrelationId() ?? correlationIdFrom(undefined),
      payload,
    }),
  );
}
