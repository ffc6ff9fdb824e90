import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { CREDIT_LEVELS, CREDIT_LISTS, type CreditLevel, type CreditList } from '@swx/contracts';

export const FACT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type FactSeverity = (typeof FACT_SEVERITIES)[number];

export interface KindWeight {
  points: number;
  /** How long a fact of this kind counts after it happened; null: until it is reversed. */
  windowDays: number | null;
  maxDeduction: number;
  title: string;
}

export interface ListRule {
  id: string;
  list: CreditList;
  kinds?: string[];
  minSeverity?: FactSeverity;
  scoreBelow?: number;
}

/** The scoring model (`apps/credit/data/scoring-model/<version>.json`): weights, windows, thresholds. */
export interface ScoringModel {
  version: string;
  baseScore: number;
  thresholds: { A: number; B: number; C: number };
  severityFactorPercent: Record<FactSeverity, number>;
  kinds: Record<string, KindWeight>;
  floors: Record<string, CreditLevel>;
  caps: Record<string, CreditLevel>;
  listRules: ListRule[];
  taxBillDueDays: number;
}

/** The weight of a fact kind: its own entry, else its producer's wildcard (`forex.*`). */
export function weightOf(model: ScoringModel, kind: string): KindWeight | undefined {
  return model.kinds[kind] ?? model.kinds[`${kind.split('.')[0]}.*`];
}

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** Checks a model read from data: a bad file stops the service at start, naming what is wrong. */
export function checkModel(model: ScoringModel, source: string): ScoringModel {
  const fail = (what: string): never => {
    throw new Error(`scoring model ${source}: ${what}`);
  };
  if (typeof model.version !== 'string' || !model.version) fail('version is missing');
  if (!isInt(model.baseScore)) fail('baseScore must be a whole number');
  const { A, B, C } = model.thresholds ?? {};
  if (![A, B, C].every(isInt) || !(A > B && B > C)) fail('thresholds need whole numbers A > B > C');
  for (const s of FACT_SEVERITIES) if (!isInt(model.severityFactorPercent?.[s])) fail(`severity factor ${s}`);
  for (const [kind, w] of Object.entries(model.kinds ?? {})) {
    if (!isInt(w.points) || !isInt(w.maxDeduction))
      fail(`${kind}: points and maxDeduction are whole numbers`);
    if (w.windowDays !== null && !isInt(w.windowDays)) fail(`${kind}: windowDays is a whole number or null`);
  }
  for (const level of [...Object.values(model.floors ?? {}), ...Object.values(model.caps ?? {})])
    if (!(CREDIT_LEVELS as readonly string[]).includes(level)) fail(`unknown level ${level}`);
  for (const rule of model.listRules ?? []) {
    if (!(CREDIT_LISTS as readonly string[]).includes(rule.list)) fail(`rule ${rule.id}: unknown list`);
    if (!rule.kinds && rule.scoreBelow === undefined) fail(`rule ${rule.id}: needs kinds or scoreBelow`);
  }
  if (!isInt(model.taxBillDueDays) || model.taxBillDueDays < 1) fail('taxBillDueDays');
  return model;
}

/** `apps/credit/data/scoring-model`, from the compiled or the source tree (and in the Docker image). */
function modelDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'credit', 'data', 'scoring-model');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('apps/credit/data/scoring-model not found');
  }
}

/** The model in force: the file with the highest version name (versions sort as `YYYY.N`). */
export function loadScoringModel(): ScoringModel {
  const dir = modelDir();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const file = files.at(-1);
  if (!file) throw new Error(`no scoring model in ${dir}`);
  return checkModel(JSON.parse(readFileSync(join(dir, file), 'utf8')) as ScoringModel, file);
}

/**
 * An earlier model by its version (`<version>.json`, kept with the model in force), or undefined when its file
 * is gone: what re-rating needs to tell expiries it computed from expiries given with a fact.
 */
export function loadScoringModelVersion(version: string): ScoringModel | undefined {
  if (!/^[\w.-]+$/.test(version)) return undefined;
  const file = join(modelDir(), `${version}.json`);
  if (!existsSync(file)) return undefined;
  return checkModel(JSON.parse(readFileSync(file, 'utf8')) as ScoringModel, `${version}.json`);
}
