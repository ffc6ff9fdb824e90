import { createHash } from 'node:crypto';

import type { RiskGrade, RiskSubjectKind } from '@swx/contracts';

import type { Finding } from '../rules/evaluate';
import { gradeRank, type RiskRule } from '../rules/rule-book';

/** Stable id of the warning of one rule version about one subject: every instance computes the same. */
export function warningIdOf(rule: RiskRule, subjectKind: RiskSubjectKind, subject: string): string {
  const digest = createHash('sha256')
    .update(`${rule.code}|${rule.version}|${subjectKind}|${subject}`)
    .digest('hex');
  return `w-${digest.slice(0, 32)}`;
}

/** Stable id (UUID form) of the case a warning opens. */
export function caseIdOf(warningId: string): string {
  const h = createHash('sha256').update(`case|${warningId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type WarningDecision =
  /** First time the rule's threshold is crossed: the warning is raised and its case opened. */
  | { kind: 'raise'; grade: RiskGrade }
  /** The grade rose above any grade published before: raised again, the case escalated. */
  | { kind: 'escalate'; grade: RiskGrade }
  /** The state changes (window, evidence, or a lower grade after a withdrawal) without a new announcement. */
  | { kind: 'update'; grade: RiskGrade | null }
  | { kind: 'none' };

/**
 * What a new evaluation of a subject does to its warning. The stored warning always holds the latest finding
 * (a function of the observations alone); announcements go out only when the grade rises above what was
 * already published, so replays and reorderings never announce twice.
 */
export function decideWarning(
  existing: { grade: RiskGrade | null; publishedGrade: RiskGrade | null } | undefined,
  finding: Finding | null,
): WarningDecision {
  const grade = finding?.grade ?? null;
  if (!existing) return grade === null ? { kind: 'none' } : { kind: 'raise', grade };
  if (grade !== null && gradeRank(grade) > gradeRank(existing.publishedGrade)) {
    return existing.publishedGrade === null ? { kind: 'raise', grade } : { kind: 'escalate', grade };
  }
  return { kind: 'update', grade };
}
