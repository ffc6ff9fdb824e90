import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { dec } from '@swx/contracts';

/** Below this value per legal unit (unit1), the consumption tax does not apply (e.g. cosmetics < 10 RMB/ml). */
export interface ConsumptionThreshold {
  unit1: string;
  label: string;
  minUnitValue: string;
}

export interface ConsumptionTaxRule {
  method: 'ad-valorem';
  rate: string;
  thresholds?: ConsumptionThreshold[];
}

export interface CommodityRate {
  hsCode: string;
  name: string;
  vatRate: string;
  consumptionTax?: ConsumptionTaxRule;
}

export interface RateTable {
  /** `YYYY-MM-DD`: the table applies to lists declared on or after this date (China time). */
  effectiveFrom: string;
  commodities: CommodityRate[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RATE = /^0(\.\d{1,6})?$/;

function checkTable(table: RateTable, file: string): RateTable {
  const fail = (why: string): never => {
    throw new Error(`rate table ${file}: ${why}`);
  };
  if (!DATE.test(table.effectiveFrom ?? '')) fail('effectiveFrom must be YYYY-MM-DD');
  if (!Array.isArray(table.commodities)) fail('commodities must be an array');
  const seen = new Set<string>();
  for (const c of table.commodities) {
    if (!/^\d{10}$/.test(c.hsCode ?? '')) fail(`bad hsCode ${c.hsCode}`);
    if (seen.has(c.hsCode)) fail(`hsCode ${c.hsCode} twice`);
    seen.add(c.hsCode);
    if (!RATE.test(c.vatRate ?? '')) fail(`${c.hsCode}: vatRate must be a decimal string below 1`);
    const ct = c.consumptionTax;
    if (ct) {
      if (ct.method !== 'ad-valorem') fail(`${c.hsCode}: unsupported consumption-tax method ${ct.method}`);
      if (!RATE.test(ct.rate ?? ''))
        fail(`${c.hsCode}: consumption-tax rate must be a decimal string below 1`);
      for (const t of ct.thresholds ?? []) {
        if (!/^\d{3}$/.test(t.unit1 ?? '') || dec(t.minUnitValue).lte(0))
          fail(`${c.hsCode}: bad threshold ${JSON.stringify(t)}`);
      }
    }
  }
  return table;
}

/** Versioned commodity rate tables: one JSON file per effective date, the latest in force applies. */
export class RateTables {
  private readonly tables: { table: RateTable; byCode: Map<string, CommodityRate> }[];

  constructor(tables: RateTable[]) {
    if (tables.length === 0) throw new Error('no rate table');
    this.tables = [...tables]
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
      .map((table) => ({ table, byCode: new Map(table.commodities.map((c) => [c.hsCode, c])) }));
  }

  static load(dir: string = findRatesDir()): RateTables {
    const files = readdirSync(dir).filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f));
    return new RateTables(
      files.map((f) => {
        const table = checkTable(JSON.parse(readFileSync(join(dir, f), 'utf8')) as RateTable, f);
        if (`${table.effectiveFrom}.json` !== f) throw new Error(`rate table ${f}: effectiveFrom differs`);
        return table;
      }),
    );
  }

  /** The table in force on a China-time date `YYYY-MM-DD`, or undefined before the first one. */
  inForce(
    date: string,
  ): { version: string; rate: (hsCode: string) => CommodityRate | undefined } | undefined {
    const found = [...this.tables].reverse().find((t) => t.table.effectiveFrom <= date);
    return found && { version: found.table.effectiveFrom, rate: (hs) => found.byCode.get(hs) };
  }
}

/** `apps/tax/data/rates`, looked up from the compiled or the source tree (and in the Docker image). */
function findRatesDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'tax', 'data', 'rates');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('apps/tax/data/rates not found');
  }
}

/** The calendar date in China (UTC+8) of an instant: quota years and rate tables follow it. */
export function chinaDate(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
