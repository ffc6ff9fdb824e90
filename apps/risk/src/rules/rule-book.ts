import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { RISK_GRADES, type RiskGrade, type RiskSubjectKind } from '@swx/contracts';

/** The observation streams the rules read (apps/risk/src/observations). */
export const RISK_STREAMS = [
  'order',
  'payment',
  'matchRefusal',
  'forexAnomaly',
  'logisticsAnomaly',
  'quota',
  'linePrice',
] as const;
export type RiskStream = (typeof RISK_STREAMS)[number];

/**
 * How a rule scores a subject's observations: distinct keys in the worst sliding window; platforms sharing a
 * buyer's nearly exhausted annual quota (China calendar year); lines priced far below the subject's median.
 */
export const RULE_KINDS = ['slidingWindow', 'annualQuota', 'belowMedian'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface RuleParameters {
  /** Length of the sliding window (slidingWindow), or of the sample period ending at the newest observation (belowMedian). */
  windowHours?: number;
  /** Only observations whose amount is at least this (decimal string, CNY). */
  amountFrom?: string;
  /** Only observations whose amount is below this (decimal string, CNY). */
  amountBelow?: string;
  /** annualQuota: the buyer's annual limit (CNY) and the share of it that counts as nearly exhausted. */
  annualLimit?: string;
  usedShareFrom?: string;
  /** belowMedian: a price below this share of the median counts; fewer samples than `minSamples` say nothing. */
  belowShareOfMedian?: string;
  minSamples?: number;
}

/** A rule as data: what it reads, its parameters, and the score each grade needs (the severity mapping). */
export interface RiskRule {
  code: string;
  version: number;
  /** slidingWindow when absent. */
  kind?: RuleKind;
  title: string;
  stream: RiskStream;
  subjectKind: RiskSubjectKind;
  parameters: RuleParameters;
  grades: Record<RiskGrade, number>;
}

/** `apps/risk/data/rules.json`, looked up from the compiled or the source tree (and in the Docker image). */
function findRulesFile(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'risk', 'data', 'rules.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('apps/risk/data/rules.json not found');
  }
}

/** Checks a rule book and fails naming the bad rule: thresholds rise with the grade, windows are positive. */
export function validateRules(rules: RiskRule[]): RiskRule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    const where = `${rule.code} v${rule.version}`;
    if (!/^[a-z]+\.[A-Za-z0-9]+$/.test(rule.code)) throw new Error(`${where}: code must be <service>.<rule>`);
    if (seen.has(rule.code)) throw new Error(`${where}: two rules with one code`);
    seen.add(rule.code);
    if (!Number.isInteger(rule.version) || rule.version < 1) throw new Error(`${where}: version must be ≥ 1`);
    if (!(RISK_STREAMS as readonly string[]).includes(rule.stream))
      throw new Error(`${where}: unknown stream ${rule.stream}`);
    const kind = rule.kind ?? 'slidingWindow';
    if (!(RULE_KINDS as readonly string[]).includes(kind)) throw new Error(`${where}: unknown kind ${kind}`);
    const p = rule.parameters;
    if (kind !== 'annualQuota' && !((p.windowHours ?? 0) > 0))
      throw new Error(`${where}: windowHours must be positive`);
    if (kind === 'annualQuota' && !(p.annualLimit && p.usedShareFrom))
      throw new Error(`${where}: annualQuota needs annualLimit and usedShareFrom`);
    if (kind === 'belowMedian' && !(p.belowShareOfMedian && (p.minSamples ?? 0) > 0))
      throw new Error(`${where}: belowMedian needs belowShareOfMedian and minSamples`);
    let previous = 0;
    for (const grade of RISK_GRADES) {
      const min = rule.grades[grade];
      if (!Number.isInteger(min) || min <= previous)
        throw new Error(`${where}: grade ${grade} needs a whole score above the grade below it`);
      previous = min;
    }
  }
  return rules;
}

export function loadRules(file = findRulesFile()): RiskRule[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { rules: RiskRule[] };
  return validateRules(parsed.rules);
}

/** The highest grade a score reaches, or null below the lowest threshold. */
export function gradeOf(rule: RiskRule, score: number): RiskGrade | null {
  let found: RiskGrade | null = null;
  for (const grade of RISK_GRADES) if (score >= rule.grades[grade]) found = grade;
  return found;
}

export const gradeRank = (grade: RiskGrade | null): number =>
  grade === null ? -1 : RISK_GRADES.indexOf(grade);
