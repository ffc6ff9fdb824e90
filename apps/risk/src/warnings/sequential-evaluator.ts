import type { RiskGrade } from '@swx/contracts';

import type { SubjectObservation } from '../observations/extract';
import { evaluateRule } from '../rules/evaluate';
import type { RiskRule } from '../rules/rule-book';
import { decideWarning, warningIdOf } from './warning-ledger';

export interface WarningSnapshot {
  warningId: string;
  ruleCode: string;
  grade: RiskGrade | null;
  score: number;
  windowFrom: string;
  windowTo: string;
  evidence: string[];
  enterpriseCode: string;
}

const subjectKeyOf = (o: SubjectObservation): string => `${o.stream}|${o.subjectKind}|${o.subject}`;

/**
 * The rules applied to observations one at a time, in memory: what the service does in PostgreSQL, without
 * the database. Tests feed it the same observations in different orders and with duplicates.
 */
export class SequentialEvaluator {
  private readonly observations = new Map<string, Map<string, SubjectObservation>>();
  private readonly warnings = new Map<string, WarningSnapshot & { publishedGrade: RiskGrade | null }>();
  /** Every announcement (raise or escalation), in the order made. */
  readonly announcements: { warningId: string; grade: RiskGrade }[] = [];

  constructor(private readonly rules: readonly RiskRule[]) {}

  apply(o: SubjectObservation): void {
    const key = subjectKeyOf(o);
    const bySource = this.observations.get(key) ?? new Map<string, SubjectObservation>();
    this.observations.set(key, bySource);
    const existing = bySource.get(o.source);
    if (existing && existing.version >= o.version) return;
    bySource.set(o.source, o);
    for (const rule of this.rules) {
      if (rule.stream !== o.stream || rule.subjectKind !== o.subjectKind) continue;
      const finding = evaluateRule(rule, [...bySource.values()]);
      const warningId = warningIdOf(rule, o.subjectKind, o.subject);
      const previous = this.warnings.get(warningId);
      const decision = decideWarning(previous, finding);
      if (decision.kind === 'none') continue;
      if (!finding) {
        // Everything behind the warning was withdrawn: it stays, with no grade.
        this.warnings.set(warningId, { ...previous!, grade: null, score: 0 });
        continue;
      }
      if (decision.kind === 'raise' || decision.kind === 'escalate')
        this.announcements.push({ warningId, grade: decision.grade });
      this.warnings.set(warningId, {
        warningId,
        ruleCode: rule.code,
        grade: finding.grade,
        score: finding.score,
        windowFrom: finding.windowFrom,
        windowTo: finding.windowTo,
        evidence: finding.evidence,
        enterpriseCode: finding.enterpriseCode,
        publishedGrade:
          decision.kind === 'raise' || decision.kind === 'escalate'
            ? decision.grade
            : previous!.publishedGrade,
      });
    }
  }

  /**
   * The warnings in force (with a grade), sorted by id, without the bookkeeping of announcements. A warning whose
   * causes were all withdrawn stays stored without a grade (its case keeps its history), so it exists only if it
   * was raised on the way: that depends on the arrival order, the warnings in force do not.
   */
  snapshot(): WarningSnapshot[] {
    return [...this.warnings.values()]
      .filter((w) => w.grade !== null)
      .map(({ publishedGrade: _published, ...w }) => w)
      .sort((a, b) => (a.warningId < b.warningId ? -1 : 1));
  }
}
