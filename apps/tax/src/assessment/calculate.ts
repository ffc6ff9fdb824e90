import { AssessedLine, AssessmentLine, dec, Decimal, money, sum } from '@swx/contracts';

import { RateTables } from './rate-table';

/** Retail-import VAT and consumption tax are levied at 70 % of the statutory amount; the tariff is 0. */
export const RETAIL_IMPORT_FACTOR = '0.7';
export const SINGLE_LIMIT = '5000';
export const ANNUAL_LIMIT = '26000';

export interface ListForAssessment {
  declaredAt: string;
  freight: string;
  insuredFee: string;
  lines: AssessmentLine[];
}

export interface AssessedList {
  rateVersion: string;
  dutiableValue: string;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
  taxTotal: string;
  lines: (AssessedLine & { gcode: string })[];
}

export type Calculation = { ok: true; result: AssessedList } | { ok: false; message: string };

/**
 * Splits `amount` over lines pro rata to `weights`, each share rounded to 2 places; the last line takes the
 * remainder so the shares add up to the amount exactly.
 */
export function allocate(amount: string, weights: string[]): string[] {
  const total = sum(weights);
  if (total.isZero()) return weights.map((_, i) => (i === weights.length - 1 ? money(amount) : '0.00'));
  let given = dec(0);
  return weights.map((w, i) => {
    if (i === weights.length - 1) return dec(amount).minus(given).toFixed(2);
    const share = money(dec(amount).times(w).div(total));
    given = given.plus(share);
    return share;
  });
}

/**
 * 综合税 of one list: per line, 完税价格 = goods + its share of freight and insurance; consumption tax
 * = 完税价格 / (1 − c) × c × 70 %; VAT = 完税价格 / (1 − c) × v × 70 % (VAT is levied on the price including
 * the consumption tax), so together 完税价格 × (c + v) / (1 − c) × 70 %. Each line amount is rounded half up to
 * 2 places and the list totals are the sums of the lines, so a bill always adds up.
 */
export function calculate(rates: RateTables, list: ListForAssessment, chinaDay: string): Calculation {
  const table = rates.inForce(chinaDay);
  if (!table) return { ok: false, message: `No commodity rate table in force on ${chinaDay}` };
  const missing = list.lines.filter((l) => !table.rate(l.gcode)).map((l) => `${l.gnum}:${l.gcode}`);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `HS code not in the rate table ${table.version} (line:gcode): ${missing.join(', ')}`,
    };
  }
  const freight = allocate(
    list.freight,
    list.lines.map((l) => l.totalPrice),
  );
  const insurance = allocate(
    list.insuredFee,
    list.lines.map((l) => l.totalPrice),
  );
  const factor = dec(RETAIL_IMPORT_FACTOR);
  const lines: AssessedList['lines'] = [];
  for (const [i, line] of list.lines.entries()) {
    const rate = table.rate(line.gcode)!;
    const taxPrice = dec(line.totalPrice).plus(freight[i]).plus(insurance[i]);
    let c: Decimal = dec(0);
    const ct = rate.consumptionTax;
    if (ct) {
      c = dec(ct.rate);
      if (ct.thresholds?.length) {
        const threshold = ct.thresholds.find((t) => t.unit1 === line.unit1);
        if (!threshold) {
          return {
            ok: false,
            message: `Line ${line.gnum} (${line.gcode}): the legal unit ${line.unit1} cannot be compared with the consumption-tax thresholds (${ct.thresholds.map((t) => t.label).join(', ')})`,
          };
        }
        if (dec(line.qty1).lte(0)) {
          return { ok: false, message: `Line ${line.gnum} (${line.gcode}): qty1 must be positive` };
        }
        if (taxPrice.div(line.qty1).lt(threshold.minUnitValue)) c = dec(0);
      }
    }
    const base = taxPrice.div(dec(1).minus(c));
    lines.push({
      gnum: line.gnum,
      gcode: line.gcode,
      taxPrice: money(taxPrice),
      customsTax: '0.00',
      valueAddedTax: money(base.times(rate.vatRate).times(factor)),
      consumptionTax: money(base.times(c).times(factor)),
    });
  }
  const total = (pick: (l: AssessedLine) => string) => sum(lines.map(pick)).toFixed(2);
  const valueAddedTax = total((l) => l.valueAddedTax);
  const consumptionTax = total((l) => l.consumptionTax);
  return {
    ok: true,
    result: {
      rateVersion: table.version,
      dutiableValue: total((l) => l.taxPrice),
      customsTax: '0.00',
      valueAddedTax,
      consumptionTax,
      taxTotal: dec(valueAddedTax).plus(consumptionTax).toFixed(2),
      lines,
    },
  };
}
