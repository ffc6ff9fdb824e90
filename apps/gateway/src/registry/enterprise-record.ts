import { EntityManager } from 'typeorm';

import { EnterpriseChange, EnterpriseChanged, maskPersonValue, Topics } from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';
import { correlationIdFrom, currentCorrelationId } from '@swx/observability';

import { hasScope, Principal, Scopes } from '../auth/principal';
import { maskValue } from '../intake/masking';
import { PersonTokeniser } from '../personal-data/person-tokeniser';
import type { EnterpriseResponse } from './enterprise.dto';
import { Enterprise } from './enterprise.entity';

/** The whole current record (ID number in clear): what the registry API answers with the personal-data scope. */
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
    ...(e.district !== null && e.district !== undefined && { district: e.district }),
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

/**
 * The record as `EnterpriseChanged` carries it: no personal data in clear (docs/personal-data.md). An
 * individual's ID number becomes a person token list with its masked value, an individual's name is masked;
 * contacts' names and telephones are masked.
 */
export function enterpriseEvent(
  e: Enterprise,
  change: EnterpriseChange,
  tokeniser: PersonTokeniser,
): EnterpriseChanged {
  const record = enterpriseRecord(e);
  const individual = e.kind === 'individual';
  return {
    change,
    ...record,
    ...(record.idNumber !== undefined && {
      idNumber: tokeniser.tokenList('idNumber', record.idNumber),
      idNumberMasked: maskPersonValue('idNumber', record.idNumber),
    }),
    name: individual ? maskPersonValue('name', record.name) : record.name,
    contacts: record.contacts.map((c) => ({
      name: maskPersonValue('name', c.name),
      telephone: maskPersonValue('phone', c.telephone),
      email: c.email,
    })),
  };
}

/** Publishes the whole current record (keyed by customs code), in the caller's transaction. */
export async function publishEnterpriseChanged(
  publisher: EventPublisher,
  manager: EntityManager,
  e: Enterprise,
  change: EnterpriseChange,
  tokeniser: PersonTokeniser,
): Promise<void> {
  const payload = enterpriseEvent(e, change, tokeniser);
  await publisher.publish(manager, Topics.EnterpriseChanged, payload, {
    correlationId: currentCorrelationId() ?? correlationIdFrom(undefined),
  });
}
