import { CASE_SLOTS, type CaseDocuments, type CaseSlot } from './documents';
import { type RegistryLookup, runRules, type RuleFailureResult } from './rules';

export type MatchOutcome = 'incomplete' | 'passed' | 'failed';

export interface Evaluation {
  outcome: MatchOutcome;
  missing: CaseSlot[];
  failures: RuleFailureResult[];
}

/** Decides a case from its stored documents alone, so any arrival order gives the sequential answer. */
export function evaluateCase(
  docs: CaseDocuments,
  registered: RegistryLookup,
  orderDeclarer?: string,
): Evaluation {
  const missing = CASE_SLOTS.filter((slot) => !docs[slot]);
  if (!docs.CEB311 || !docs.CEB411 || !docs.CEB511 || !docs.CEB621) {
    return { outcome: 'incomplete', missing, failures: [] };
  }
  const failures = runRules({
    order: docs.CEB311,
    payment: docs.CEB411,
    waybill: docs.CEB511,
    list: docs.CEB621,
    registered,
    orderDeclarer,
  });
  return { outcome: failures.length ? 'failed' : 'passed', missing: [], failures };
}

/** Every enterprise code of a case with the role it must hold, for one registry query per role. */
export function enterpriseCodesOf(docs: CaseDocuments): string[] {
  const codes = new Set<string>();
  const o = docs.CEB311?.OrderHead;
  const l = docs.CEB621?.InventoryHead;
  for (const code of [
    o?.ebpCode,
    o?.ebcCode,
    o?.payCode,
    docs.CEB411?.PaymentHead.payCode,
    docs.CEB511?.LogisticsHead.logisticsCode,
    l?.agentCode,
    l?.areaCode,
    l?.ebcCode,
    l?.ebpCode,
    l?.logisticsCode,
  ]) {
    if (code) codes.add(code);
  }
  return [...codes];
}
