import type { RiskCaseOutcome, RiskCaseStatus, RiskGrade } from '@swx/contracts';

/** The steps a regulator takes on a case. */
export const CASE_ACTIONS = ['assess', 'assign', 'warn', 'dispose', 'review', 'falsePositive'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Disposal measures (处置): a notice to the enterprise, an inspection request to customs. */
export const DISPOSALS = ['notice', 'inspection'] as const;
export type Disposal = (typeof DISPOSALS)[number];

export interface CaseState {
  status: RiskCaseStatus;
  grade: RiskGrade;
  agency: string | null;
  outcome: RiskCaseOutcome | null;
}

export interface StepRequest {
  action: CaseAction;
  grade?: RiskGrade;
  agency?: string;
  disposals?: Disposal[];
  outcome?: RiskCaseOutcome;
}

export type StepResult =
  { ok: true; next: CaseState; disposals: Disposal[]; concluded: boolean } | { ok: false; conflict: string };

const FROM: Record<Exclude<CaseAction, 'assign' | 'falsePositive'>, RiskCaseStatus> = {
  assess: 'collected',
  warn: 'assessed',
  dispose: 'warned',
  review: 'disposed',
};
const TO: Record<Exclude<CaseAction, 'assign' | 'falsePositive'>, RiskCaseStatus> = {
  assess: 'assessed',
  warn: 'warned',
  dispose: 'disposed',
  review: 'reviewed',
};

/**
 * The case lifecycle: collected → assessed → warned → disposed → reviewed (风险信息采集、评估分析、预警处置、复查).
 * Assignment to an agency at any open step; closing as a false positive at any open step (reviewed with that
 * outcome). A reviewed case is closed: nothing changes it.
 */
export function takeStep(state: CaseState, request: StepRequest): StepResult {
  if (state.status === 'reviewed') return { ok: false, conflict: 'the case is closed (reviewed)' };
  switch (request.action) {
    case 'assign':
      if (!request.agency) return { ok: false, conflict: 'assign needs an agency' };
      return { ok: true, next: { ...state, agency: request.agency }, disposals: [], concluded: false };
    case 'falsePositive':
      return {
        ok: true,
        next: { ...state, status: 'reviewed', outcome: 'falsePositive' },
        disposals: [],
        concluded: true,
      };
    default: {
      const from = FROM[request.action];
      if (state.status !== from)
        return {
          ok: false,
          conflict: `${request.action} needs a case in ${from}, this one is ${state.status}`,
        };
      const next: CaseState = { ...state, status: TO[request.action] };
      if (request.action === 'assess' && request.grade) next.grade = request.grade;
      if (request.action === 'dispose') {
        const disposals = [...new Set(request.disposals ?? [])];
        if (disposals.length === 0) return { ok: false, conflict: 'dispose needs at least one disposal' };
        return { ok: true, next, disposals, concluded: false };
      }
      if (request.action === 'review') {
        if (!request.outcome) return { ok: false, conflict: 'review needs an outcome' };
        next.outcome = request.outcome;
        return { ok: true, next, disposals: [], concluded: true };
      }
      return { ok: true, next, disposals: [], concluded: false };
    }
  }
}
