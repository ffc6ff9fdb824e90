import type { SubjectObservation } from '../../observations/extract';
import { loadRules, type RiskRule } from '../rule-book';

export const RULES = loadRules();
export const rule = (code: string): RiskRule => RULES.find((r) => r.code === code)!;

const token = (label: string): string => `pt1.${label.padEnd(43, 'x').slice(0, 43)}`;
export const tokenOf = token;

/** An order observation of a subject at a China time `YYYY-MM-DDThh:mm`. */
export function obs(
  partial: Partial<SubjectObservation> & Pick<SubjectObservation, 'stream' | 'subjectKind' | 'source'>,
  chinaTime: string,
): SubjectObservation {
  return {
    subject: token('subject'),
    subjectMasked: '110***********0012',
    countKey: partial.source,
    at: `${chinaTime}:00+08:00`,
    weight: 1,
    active: true,
    enterpriseCode: '3301968AAA',
    orderNo: partial.source,
    version: `${chinaTime}:${partial.source}`,
    ...partial,
  };
}
