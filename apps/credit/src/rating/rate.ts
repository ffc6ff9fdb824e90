import type { CreditLevel, CreditList } from '@swx/contracts';

import { FACT_SEVERITIES, type FactSeverity, type ScoringModel, weightOf } from './scoring-model';

export const FACT_STATUSES = ['active', 'reversed'] as const;
export type FactStatus = (typeof FACT_STATUSES)[number];

/** One fact of a file as the rating reads it. */
export interface RatedFact {
  id: string;
  kind: string;
  source: string;
  severity: FactSeverity;
  occurredAt: string;
  /** Null: counts until reversed. */
  expiresAt: string | null;
  status: FactStatus;
  reason: string;
  /** When the fact's producer decided this state of it: the latest wins (`supersedes`). */
  version: string;
  /** AEO certification: `advanced` or `general`. */
  aeoGrade?: 'advanced' | 'general';
}

/** A list entry a regulator decided (rule entries are the rating's output, not its input). */
export interface DecidedEntry {
  id: string;
  list: CreditList;
  startAt: string;
  endAt: string | null;
  status: 'active' | 'ended' | 'repaired' | 'revoked';
}

export interface Deduction {
  factId: string;
  kind: string;
  source: string;
  severity: FactSeverity;
  occurredAt: string;
  expiresAt: string | null;
  points: string;
  reason: string;
}

export interface RuleListing {
  ruleId: string;
  list: CreditList;
  reason: string;
}

export interface Explanation {
  modelVersion: string;
  baseScore: number;
  score: string;
  thresholds: ScoringModel['thresholds'];
  scoreLevel: CreditLevel;
  deductions: Deduction[];
  /** Kinds whose deductions reached the cap of the model. */
  capped: { kind: string; maxDeduction: number }[];
  floors: { basis: string; level: CreditLevel }[];
  caps: { basis: string; level: CreditLevel }[];
  /** The lists the enterprise is on (decided entries in force and rules that hold), in name order. */
  lists: CreditList[];
  level: CreditLevel;
}

export interface Rating {
  level: CreditLevel;
  /** The lists the enterprise is on, in name order (published with the level: customs inspects the blacklisted). */
  lists: CreditList[];
  score: string;
  modelVersion: string;
  explanation: Explanation;
  ruleListings: RuleListing[];
  /** The next instant the rating may change by itself (a fact expiring, an entry starting or ending). */
  nextDueAt: string | null;
  /** One line for the enterprise. */
  reason: string;
}

const LEVELS: readonly CreditLevel[] = ['A', 'B', 'C', 'D'];
const better = (a: CreditLevel, b: CreditLevel): CreditLevel =>
  LEVELS.indexOf(a) <= LEVELS.indexOf(b) ? a : b;
const worse = (a: CreditLevel, b: CreditLevel): CreditLevel =>
  LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b;
const ms = (iso: string): number => new Date(iso).getTime();
const hundredths = (n: number): string =>
  `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}`;

/** When a fact stops counting: its own expiry, or its kind's window after it happened (null: never). */
export function expiryOf(
  model: ScoringModel,
  kind: string,
  occurredAt: string,
  given?: string | null,
): string | null {
  if (given) return new Date(given).toISOString();
  const days = weightOf(model, kind)?.windowDays;
  return days === null || days === undefined
    ? null
    : new Date(ms(occurredAt) + days * 86_400_000).toISOString();
}

/** A fact's expiry as stored, with what it was computed from. */
export interface StoredExpiry {
  id: string;
  kind: string;
  occurredAt: string;
  expiresAt: string | null;
}

/**
 * The expiries to change when the model in force replaces `previous` (undefined: its file is gone, nothing is
 * known to be computed): a fact whose expiry is the one `previous` computed from its kind's window takes the one
 * the current model computes; an expiry given with the fact (a regulator's term) stays.
 */
export function expiriesUnderNewModel(
  previous: ScoringModel | undefined,
  current: ScoringModel,
  facts: StoredExpiry[],
): { id: string; expiresAt: string | null }[] {
  if (!previous || previous.version === current.version) return [];
  const iso = (at: string | null) => (at ? new Date(at).toISOString() : null);
  return facts.flatMap((f) => {
    const stored = iso(f.expiresAt);
    if (stored !== expiryOf(previous, f.kind, f.occurredAt)) return [];
    const now = expiryOf(current, f.kind, f.occurredAt);
    return now === stored ? [] : [{ id: f.id, expiresAt: now }];
  });
}

/**
 * Whether `incoming` replaces `existing` (two states of one fact id): the later `version` wins; at the same
 * version a reversal wins. The SQL upsert of the fact store applies the same order, so a file is the same
 * whatever order its facts arrive in.
 */
export function supersedes(existing: RatedFact | undefined, incoming: RatedFact): boolean {
  if (!existing) return true;
  const a = ms(existing.version);
  const b = ms(incoming.version);
  if (a !== b) return b > a;
  return existing.status === 'active' && incoming.status === 'reversed';
}

export const inForce = (f: RatedFact, now: Date): boolean =>
  f.status === 'active' && (f.expiresAt === null || ms(f.expiresAt) > now.getTime());

const entryInForce = (e: DecidedEntry, now: Date): boolean =>
  e.status === 'active' &&
  ms(e.startAt) <= now.getTime() &&
  (e.endAt === null || ms(e.endAt) > now.getTime());

/** The lists of a stored explanation (older ones name them only as the floors and caps they set). */
export const listsOf = (e: Partial<Explanation> | null | undefined): CreditList[] =>
  e?.lists ??
  [...(e?.floors ?? []), ...(e?.caps ?? [])]
    .filter((x) => x.basis.startsWith('list.'))
    .map((x) => x.basis.slice('list.'.length) as CreditList);

/**
 * The rating of one file at `now`: a pure function of the facts and decided entries (not of their order), and of
 * the model. Integer arithmetic in hundredths of a point, facts taken in id order.
 */
export function rate(model: ScoringModel, facts: RatedFact[], decided: DecidedEntry[], now: Date): Rating {
  const counted = facts
    .filter((f) => inForce(f, now))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byKind = new Map<string, number>();
  const deductions: Deduction[] = [];
  const capped = new Map<string, number>();
  for (const f of counted) {
    const weight = weightOf(model, f.kind);
    if (!weight) continue;
    const points = weight.points * model.severityFactorPercent[f.severity];
    const sofar = byKind.get(f.kind) ?? 0;
    const allowed = Math.max(0, Math.min(points, weight.maxDeduction * 100 - sofar));
    if (allowed < points) capped.set(f.kind, weight.maxDeduction);
    byKind.set(f.kind, sofar + allowed);
    if (allowed > 0 || weight.points === 0)
      deductions.push({
        factId: f.id,
        kind: f.kind,
        source: f.source,
        severity: f.severity,
        occurredAt: f.occurredAt,
        expiresAt: f.expiresAt,
        points: hundredths(allowed),
        reason: f.reason,
      });
  }
  const total = [...byKind.values()].reduce((s, n) => s + n, 0);
  const score = Math.max(0, model.baseScore * 100 - total);
  const t = model.thresholds;
  const scoreLevel: CreditLevel =
    score >= t.A * 100 ? 'A' : score >= t.B * 100 ? 'B' : score >= t.C * 100 ? 'C' : 'D';

  const ruleListings: RuleListing[] = [];
  const rank = (s: FactSeverity) => FACT_SEVERITIES.indexOf(s);
  for (const rule of model.listRules) {
    if (rule.kinds) {
      const hits = counted.filter(
        (f) => rule.kinds!.includes(f.kind) && rank(f.severity) >= rank(rule.minSeverity ?? 'low'),
      );
      if (hits.length > 0)
        ruleListings.push({
          ruleId: rule.id,
          list: rule.list,
          reason: hits
            .map((f) => `${weightOf(model, f.kind)?.title ?? f.kind}: ${f.reason}`)
            .join('; ')
            .slice(0, 480),
        });
    } else if (rule.scoreBelow !== undefined && score < rule.scoreBelow * 100) {
      ruleListings.push({
        ruleId: rule.id,
        list: rule.list,
        reason: `score ${hundredths(score)} below ${rule.scoreBelow} (model ${model.version})`,
      });
    }
  }

  const lists = new Set<CreditList>([
    ...decided.filter((e) => entryInForce(e, now)).map((e) => e.list),
    ...ruleListings.map((r) => r.list),
  ]);
  const floors: Explanation['floors'] = [];
  const caps: Explanation['caps'] = [];
  for (const f of counted) {
    const floor = f.aeoGrade && model.floors[`aeo.${f.aeoGrade}`];
    if (floor) floors.push({ basis: `aeo.${f.aeoGrade} (${f.id})`, level: floor });
  }
  for (const list of [...lists].sort()) {
    const floor = model.floors[`list.${list}`];
    if (floor) floors.push({ basis: `list.${list}`, level: floor });
    const cap = model.caps[`list.${list}`];
    if (cap) caps.push({ basis: `list.${list}`, level: cap });
  }
  let level = floors.reduce((l, f) => better(l, f.level), scoreLevel);
  level = caps.reduce((l, c) => worse(l, c.level), level);

  const upcoming = [
    ...facts.filter((f) => f.status === 'active' && f.expiresAt !== null).map((f) => ms(f.expiresAt!)),
    ...decided
      .filter((e) => e.status === 'active')
      .flatMap((e) => [ms(e.startAt), e.endAt ? ms(e.endAt) : NaN]),
  ].filter((t) => Number.isFinite(t) && t > now.getTime());
  const nextDueAt = upcoming.length ? new Date(Math.min(...upcoming)).toISOString() : null;

  const explanation: Explanation = {
    modelVersion: model.version,
    baseScore: model.baseScore,
    score: hundredths(score),
    thresholds: t,
    scoreLevel,
    deductions,
    capped: [...capped]
      .map(([kind, maxDeduction]) => ({ kind, maxDeduction }))
      .sort((a, b) => a.kind.localeCompare(b.kind)),
    floors,
    caps,
    lists: [...lists].sort(),
    level,
  };
  const parts = [`score ${hundredths(score)} → ${scoreLevel} (model ${model.version})`];
  if (deductions.length)
    parts.push(
      `deductions: ${deductions
        .filter((d) => d.points !== '0.00')
        .map((d) => `${weightOf(model, d.kind)?.title ?? d.kind} −${d.points}`)
        .join(', ')}`,
    );
  if (floors.length) parts.push(`floors: ${floors.map((f) => `${f.basis} ${f.level}`).join(', ')}`);
  if (caps.length) parts.push(`caps: ${caps.map((c) => `${c.basis} ${c.level}`).join(', ')}`);
  return {
    level,
    lists: [...lists].sort(),
    score: hundredths(score),
    modelVersion: model.version,
    explanation,
    ruleListings,
    nextDueAt,
    reason: parts.join('; ').slice(0, 1000),
  };
}
