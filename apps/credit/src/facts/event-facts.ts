import type {
  AnomalyReported,
  ClearanceStatusChanged,
  EnterpriseChanged,
  MatchResultDecided,
  RiskCaseConcluded,
  RiskGrade,
  TaxAssessmentCompleted,
} from '@swx/contracts';

import { expiryOf } from '../rating/rate';
import type { FactSeverity, ScoringModel } from '../rating/scoring-model';
import type { FactRecord } from './fact-store';

/**
 * What each consumed event means for the archive, as pure functions: facts to record, facts to reverse. Fact ids
 * are derived from their causes, so a redelivery or a second instance lands on the same fact.
 */
export interface FactChanges {
  record: FactRecord[];
  reverse: { ids: string[]; version: string; reason: string }[];
}

const none = (): FactChanges => ({ record: [], reverse: [] });

export const matchFactId = (flow: string, caseKey: string): string => `customs:match:${flow}:${caseKey}`;
export const detainedFactId = (listIdentity: string): string => `customs:detained:${listIdentity}`;
export const returnedFactId = (listIdentity: string): string => `customs:returned:${listIdentity}`;
export const suspendedFactId = (code: string): string => `registry:suspended:${code}`;

/**
 * The enterprise a list's facts are filed under: its e-commerce enterprise, as the event names it; an import
 * list's identity (`ebcCode:orderNo`) starts with it too. An export identity (`agentCode:copNo`) names the
 * declaring agent, not the enterprise: an export event without `ebcCode` files nothing.
 */
export const ebcOf = (
  c: Pick<ClearanceStatusChanged, 'flow' | 'listIdentity' | 'ebcCode'>,
): string | undefined => {
  if (c.ebcCode) return c.ebcCode;
  if (c.flow !== 'import') return undefined;
  const code = c.listIdentity.split(':')[0];
  return code ? code : undefined;
};

/** A refusal by rule (三单对碰 / 四单比对): against the platform (export case key) or the order's enterprise. */
export function matchFacts(model: ScoringModel, m: MatchResultDecided): FactChanges {
  const id = matchFactId(m.flow, m.caseKey);
  if (m.outcome === 'passed')
    return {
      record: [],
      reverse: [{ ids: [id], version: m.decidedAt, reason: 'the documents were corrected and passed' }],
    };
  if (m.outcome !== 'failed') return none();
  const exportPlatform = m.flow === 'export' ? m.caseKey.split(':')[0] : undefined;
  const orderNo = m.flow === 'export' ? m.caseKey.split(':').slice(1).join(':') : m.caseKey;
  return {
    record: [
      {
        id,
        subjectCode: exportPlatform ?? null,
        orderNo: orderNo.slice(0, 60),
        source: 'customs',
        kind: 'customs.matchRefused',
        severity: m.failures.length > 2 ? 'high' : 'medium',
        occurredAt: m.decidedAt,
        expiresAt: expiryOf(model, 'customs.matchRefused', m.decidedAt),
        status: 'active',
        reason: `order ${orderNo} refused: ${m.failures.map((f) => `${f.code} ${f.message}`).join('; ')}`,
        evidence: [m.caseKey, ...m.failures.map((f) => f.code), ...Object.values(m.documents ?? {})].slice(
          0,
          50,
        ),
        version: m.decidedAt,
      },
    ],
    reverse: [],
  };
}

/** Inspection results (detention 501–503) and returns after release; a later release lifts a detention. */
export function clearanceFacts(model: ScoringModel, c: ClearanceStatusChanged): FactChanges {
  const subject = ebcOf(c);
  if (!subject) return none();
  const fact = (id: string, kind: string, severity: FactSeverity, reason: string): FactRecord => ({
    id,
    subjectCode: subject,
    source: 'customs',
    kind,
    severity,
    occurredAt: c.occurredAt,
    expiresAt: expiryOf(model, kind, c.occurredAt),
    status: 'active',
    reason,
    evidence: [c.listIdentity, c.listMessageId, c.returnStatus],
    version: c.occurredAt,
  });
  switch (c.event) {
    case 'detained':
      return {
        record: [
          fact(
            detainedFactId(c.listIdentity),
            'customs.inspectionDetained',
            'high',
            `list ${c.listIdentity} detained after inspection (${c.returnStatus}): ${c.returnInfo}`,
          ),
        ],
        reverse: [],
      };
    case 'released':
      return {
        record: [],
        reverse: [
          {
            ids: [detainedFactId(c.listIdentity)],
            version: c.occurredAt,
            reason: `list ${c.listIdentity} released`,
          },
        ],
      };
    case 'returned':
      return {
        record: [
          fact(
            returnedFactId(c.listIdentity),
            'customs.returnedAfterRelease',
            'low',
            `list ${c.listIdentity} returned after release: ${c.returnInfo}`,
          ),
        ],
        reverse: [],
      };
    default:
      return none();
  }
}

/** A forex or logistics anomaly; `withdrawn` reverses it. */
export function anomalyFacts(
  model: ScoringModel,
  source: 'forex' | 'logistics',
  a: AnomalyReported,
): FactChanges {
  return {
    record: [
      {
        id: `${source}:${a.anomalyId}`,
        subjectCode: a.enterpriseCode,
        source,
        kind: a.kind,
        severity: a.severity,
        occurredAt: a.occurredAt,
        expiresAt: expiryOf(model, a.kind, a.occurredAt),
        status: a.status === 'withdrawn' ? 'reversed' : 'active',
        reason: a.period ? `${a.reason} (${a.period})` : a.reason,
        evidence: a.evidence,
        version: a.occurredAt,
        ...(a.status === 'withdrawn' ? { reversalReason: `withdrawn by ${source}: ${a.reason}` } : {}),
      },
    ],
    reverse: [],
  };
}

const RISK_SEVERITY: Record<RiskGrade, FactSeverity> = {
  blue: 'low',
  yellow: 'medium',
  orange: 'high',
  red: 'high',
};

/** A risk case: confirmed counts, a false positive clears it. */
export function riskFacts(model: ScoringModel, r: RiskCaseConcluded): FactChanges {
  return {
    record: [
      {
        id: `risk:${r.caseId}`,
        subjectCode: r.enterpriseCode,
        source: 'risk',
        kind: r.ruleCode,
        severity: RISK_SEVERITY[r.grade],
        occurredAt: r.concludedAt,
        expiresAt: expiryOf(model, r.ruleCode, r.concludedAt),
        status: r.outcome === 'falsePositive' ? 'reversed' : 'active',
        reason: `risk case ${r.caseId} (${r.grade}): ${r.reason}`,
        evidence: [r.caseId, r.ruleCode],
        version: r.concludedAt,
        ...(r.outcome === 'falsePositive' ? { reversalReason: `false positive: ${r.reason}` } : {}),
      },
    ],
    reverse: [],
  };
}

/** A registry suspension counts while it lasts; a reactivation reverses it. */
export function registryFacts(model: ScoringModel, e: EnterpriseChanged): FactChanges {
  const id = suspendedFactId(e.customsCode);
  if (e.status !== 'suspended')
    return { record: [], reverse: [{ ids: [id], version: e.updatedAt, reason: 'registration reactivated' }] };
  return {
    record: [
      {
        id,
        subjectCode: e.customsCode,
        source: 'registry',
        kind: 'registry.suspended',
        severity: 'medium',
        occurredAt: e.updatedAt,
        expiresAt: expiryOf(model, 'registry.suspended', e.updatedAt),
        status: 'active',
        reason: `registration suspended: ${e.suspensionReason ?? 'no reason given'}`,
        evidence: [`registry v${e.version}`],
        version: e.updatedAt,
      },
    ],
    reverse: [],
  };
}

/**
 * A guarantee that could not cover an assessment (`guarantee-insufficient`): a fact against the guarantor, once
 * per request. It stands after a top-up (the shortfall happened); `at` is when tax answered.
 */
export function shortfallFacts(model: ScoringModel, a: TaxAssessmentCompleted, at: string): FactChanges {
  if (a.outcome !== 'guarantee-insufficient' || !a.assureCode) return none();
  return {
    record: [
      {
        id: `tax:shortfall:${a.requestId}`,
        subjectCode: a.assureCode,
        source: 'tax',
        kind: 'tax.guaranteeShortfall',
        severity: 'low',
        occurredAt: at,
        expiresAt: expiryOf(model, 'tax.guaranteeShortfall', at),
        status: 'active',
        reason: `list ${a.listIdentity}: ${a.message}`,
        evidence: [a.requestId, a.listIdentity],
        version: at,
      },
    ],
    reverse: [],
  };
}
