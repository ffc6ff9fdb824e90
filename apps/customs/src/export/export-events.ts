import type { ClearanceEvent, ClearanceStatusChanged, MatchResultDecided } from '@swx/contracts';

import type { RuleFailureEntry } from './export-rules';

export interface ClearanceChange {
  event: ClearanceEvent;
  listMessageId: string;
  listIdentity: string;
  orderNo: string;
  /** The list's e-commerce enterprise: the credit service files facts about the list under it. */
  ebcCode?: string;
  returnStatus: string;
  previousStatus?: string;
  returnInfo: string;
}

/** The match result of an export case (四单比对), for `Topics.MatchResultDecided`. */
export function exportMatchResult(input: {
  /** `ebpCode:orderNo`. */
  caseKey: string;
  orderNo: string;
  outcome: 'passed' | 'failed';
  failures: RuleFailureEntry[];
  documents: Record<string, string>;
}): MatchResultDecided {
  return {
    caseKey: input.caseKey,
    flow: 'export',
    outcome: input.outcome,
    failures: input.failures,
    documents: input.documents,
    decidedAt: new Date().toISOString(),
  };
}

/** A status change of an export list, for `Topics.ClearanceStatusChanged`. */
export function exportClearance(change: ClearanceChange): ClearanceStatusChanged {
  return {
    event: change.event,
    flow: 'export',
    listMessageId: change.listMessageId,
    listIdentity: change.listIdentity,
    orderNo: change.orderNo,
    ...(change.ebcCode ? { ebcCode: change.ebcCode } : {}),
    returnStatus: change.returnStatus,
    ...(change.previousStatus ? { previousStatus: change.previousStatus } : {}),
    returnInfo: change.returnInfo.slice(0, 2000),
    occurredAt: new Date().toISOString(),
  };
}
