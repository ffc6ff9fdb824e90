import { dec, type RiskGrade } from '@swx/contracts';

import { chinaIso } from './china-time';
import { gradeOf, type RiskRule } from './rule-book';

/**
 * One fact a rule counts, for one subject (a person token, an enterprise): an order, a payment, a refusal, an
 * anomaly. `source` identifies it within its subject (a redelivery or a second instance writes the same one);
 * `countKey` is what the rule counts distinct (the order, the recipient's name, the buyer, the anomaly).
 */
export interface Observation {
  source: string;
  countKey: string;
  /** The document's own time (ISO 8601). */
  at: string;
  /** How much one distinct key weighs (severity of an anomaly; 1 otherwise). */
  weight: number;
  /** Amount in CNY (decimal string), for rules that filter on it. */
  amount?: string;
  /** False once withdrawn (an anomaly withdrawn, a refusal followed by a pass). */
  active: boolean;
  enterpriseCode: string;
  orderNo?: string;
  /** The gateway message the observation comes from: a notice to the enterprise is a receipt on it. */
  messageId?: string;
  documentType?: string;
}

/** The worst window of a rule over a subject's observations. */
export interface Finding {
  score: number;
  grade: RiskGrade | null;
  windowFrom: string;
  windowTo: string;
  /** The order numbers (or sources) in the window, sorted. */
  evidence: string[];
  /** The enterprise of the newest observation in the window. */
  enterpriseCode: string;
  /** The newest observation in the window that names a gateway message. */
  notice?: { messageId: string; documentType: string; orderNo?: string };
}

const qualifies = (rule: RiskRule, o: Observation): boolean => {
  if (!o.active) return false;
  const { amountFrom, amountBelow } = rule.parameters;
  if (amountFrom === undefined && amountBelow === undefined) return true;
  if (o.amount === undefined) return false;
  const amount = dec(o.amount);
  if (amountFrom !== undefined && amount.lessThan(amountFrom)) return false;
  if (amountBelow !== undefined && !amount.lessThan(amountBelow)) return false;
  return true;
};

const byTimeThenSource = (a: { t: number; o: Observation }, b: { t: number; o: Observation }): number =>
  a.t - b.t || (a.o.source < b.o.source ? -1 : a.o.source > b.o.source ? 1 : 0);

/**
 * Slides a window of `windowHours` over the subject's observations (each observation ends one window
 * `(end − T, end]`) and keeps the worst: the highest score (distinct keys, each weighing its heaviest
 * observation), the earliest end among equals. A function of the set of observations alone, so arrival order,
 * redeliveries and the instance that evaluates do not change it. Null when nothing qualifies.
 */
export function evaluateRule(rule: RiskRule, observations: readonly Observation[]): Finding | null {
  switch (rule.kind ?? 'slidingWindow') {
    case 'annualQuota':
      return evaluateAnnualQuota(rule, observations);
    case 'belowMedian':
      return evaluateBelowMedian(rule, observations);
    default:
      return evaluateSlidingWindow(rule, observations);
  }
}

function evaluateSlidingWindow(rule: RiskRule, observations: readonly Observation[]): Finding | null {
  const sorted = observations
    .filter((o) => qualifies(rule, o))
    .map((o) => ({ t: Date.parse(o.at), o }))
    .sort(byTimeThenSource);
  if (sorted.length === 0) return null;
  const span = (rule.parameters.windowHours ?? 0) * 3_600_000;
  let best: { score: number; start: number; end: number } | undefined;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[start].t <= sorted[end].t - span) start++;
    // Observations at the same instant as `end` but after it in the order belong to the same window.
    let last = end;
    while (last + 1 < sorted.length && sorted[last + 1].t === sorted[end].t) last++;
    const weights = new Map<string, number>();
    for (let i = start; i <= last; i++) {
      const { o } = sorted[i];
      weights.set(o.countKey, Math.max(weights.get(o.countKey) ?? 0, o.weight));
    }
    const score = [...weights.values()].reduce((a, b) => a + b, 0);
    if (!best || score > best.score) best = { score, start, end: last };
  }
  if (!best) return null;
  const inWindow = sorted.slice(best.start, best.end + 1).map((x) => x.o);
  const endMs = sorted[best.end].t;
  return findingOf(rule, best.score, endMs - span, endMs, inWindow, inWindow);
}

/** The finding of a score over a window: evidence, enterprise and the document a notice goes on. */
function findingOf(
  rule: RiskRule,
  score: number,
  fromMs: number,
  toMs: number,
  inWindow: Observation[],
  evidence: Observation[],
): Finding {
  const newest = inWindow[inWindow.length - 1];
  const withMessage = [...evidence].reverse().find((o) => o.messageId && o.documentType);
  return {
    score,
    grade: gradeOf(rule, score),
    windowFrom: chinaIso(fromMs),
    windowTo: chinaIso(toMs),
    evidence: [...new Set(evidence.map((o) => o.orderNo ?? o.source))].sort(),
    enterpriseCode: newest.enterpriseCode,
    ...(withMessage
      ? {
          notice: {
            messageId: withMessage.messageId!,
            documentType: withMessage.documentType!,
            ...(withMessage.orderNo ? { orderNo: withMessage.orderNo } : {}),
          },
        }
      : {}),
  };
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * A buyer's annual quota nearly exhausted across many platforms: per China calendar year, when the released
 * (not voided) amounts reach `usedShareFrom` of `annualLimit`, the score is the number of platforms sharing it.
 * The worst year wins (the latest among equals).
 */
function evaluateAnnualQuota(rule: RiskRule, observations: readonly Observation[]): Finding | null {
  const { annualLimit = '26000', usedShareFrom = '0.8' } = rule.parameters;
  const byYear = new Map<number, Observation[]>();
  for (const o of observations) {
    if (!qualifies(rule, o) || o.amount === undefined) continue;
    const year = new Date(Date.parse(o.at) + CHINA_OFFSET_MS).getUTCFullYear();
    byYear.set(year, [...(byYear.get(year) ?? []), o]);
  }
  let best: { score: number; year: number; items: Observation[] } | undefined;
  for (const [year, items] of [...byYear.entries()].sort((a, b) => a[0] - b[0])) {
    const used = items.reduce((sum, o) => sum.plus(o.amount!), dec(0));
    const score = used.greaterThanOrEqualTo(dec(annualLimit).times(usedShareFrom))
      ? new Set(items.map((o) => o.countKey)).size
      : 0;
    if (!best || score >= best.score) best = { score, year, items };
  }
  if (!best) return null;
  const sorted = [...best.items].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.source < b.source ? -1 : 1),
  );
  const from = Date.UTC(best.year, 0, 1) - CHINA_OFFSET_MS;
  const to = Date.UTC(best.year + 1, 0, 1) - CHINA_OFFSET_MS - 1000;
  return findingOf(rule, best.score, from, to, sorted, sorted);
}

/**
 * Unit prices far below the subject's own median (a platform's prices of one HS code): over the period ending at
 * the newest observation, with at least `minSamples` prices, the score is the number of lines priced below
 * `belowShareOfMedian` of the median.
 */
function evaluateBelowMedian(rule: RiskRule, observations: readonly Observation[]): Finding | null {
  const { belowShareOfMedian = '0.3', minSamples = 5, windowHours = 2160 } = rule.parameters;
  const active = observations
    .filter((o) => qualifies(rule, o) && o.amount !== undefined)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.source < b.source ? -1 : 1));
  if (active.length === 0) return null;
  const toMs = Date.parse(active[active.length - 1].at);
  const fromMs = toMs - windowHours * 3_600_000;
  const inWindow = active.filter((o) => Date.parse(o.at) > fromMs);
  if (inWindow.length < minSamples) return findingOf(rule, 0, fromMs, toMs, inWindow, []);
  const prices = inWindow.map((o) => dec(o.amount!)).sort((a, b) => a.comparedTo(b));
  const mid = Math.floor(prices.length / 2);
  const median = prices.length % 2 ? prices[mid] : prices[mid - 1].plus(prices[mid]).dividedBy(2);
  const threshold = median.times(belowShareOfMedian);
  const low = inWindow.filter((o) => dec(o.amount!).lessThan(threshold));
  return findingOf(rule, low.length, fromMs, toMs, inWindow, low);
}
