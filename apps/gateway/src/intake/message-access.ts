import type { CebMessageType } from '@swx/contracts';

import { Agency, hasScope, Principal, Scopes } from '../auth/principal';

/**
 * Which document types each regulator agency reads (its supervisory scope): customs and commerce
 * (statistics) read everything; tax reads what retail-import tax and export rebates rest on; forex reads
 * orders, payments and receipts of payment; market supervision reads orders and returns (consumer protection);
 * post reads waybills and their movements; credit reads no document (enterprise records and ratings, on Kafka).
 */
export const AGENCY_DOCUMENT_TYPES: Record<Agency, CebMessageType[] | 'all'> = {
  customs: 'all',
  commerce: 'all',
  tax: ['CEB311', 'CEB621', 'CEB623', 'CEB625', 'CEB603', 'CEB509', 'CEB701'],
  forex: ['CEB311', 'CEB411', 'CEB303', 'CEB403'],
  market: ['CEB311', 'CEB625', 'CEB303'],
  post: ['CEB511', 'CEB513', 'CEB505', 'CEB507', 'CEB509', 'CEB711', 'CEB607'],
  credit: [],
};

/** Document types a principal may read, or `own` when it reads only what its enterprise sent. */
export function readableTypes(principal: Principal): CebMessageType[] | 'all' | 'own' | 'none' {
  if (principal.kind === 'regulator' && hasScope(principal, Scopes.RegulatorRead) && principal.agency) {
    return AGENCY_DOCUMENT_TYPES[principal.agency];
  }
  if (
    principal.kind === 'enterprise' &&
    principal.enterpriseCode &&
    hasScope(principal, Scopes.DocumentsRead)
  ) {
    return 'own';
  }
  return 'none';
}
