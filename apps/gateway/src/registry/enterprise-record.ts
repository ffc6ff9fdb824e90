import { EntityManager } from 'typeorm';

import { EnterpriseChange, EnterpriseChanged, Topics } from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';
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

/** Publishes the whole current record (keyed by customs code), in the caller's transaction. */
export async function publishEnterpriseChanged(
  publisher: EventPublisher,
  manager: EntityManager,
  e: Enterprise,
  change: EnterpriseChange,
): Promise<void> {
  const payload: EnterpriseChanged = { change, ...enterpriseRecord(e) };
  await publisher.publish(manager, Topics.EnterpriseChanged, payload, {
    correlationId: currentCorrelationId() ?? correlationIdFrom(undefined),
  });
}
