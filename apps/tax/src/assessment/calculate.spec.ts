import { AssessmentLine } from '@swx/contracts';

import { allocate, calculate, ListForAssessment } from './calculate';
import { chinaDate, RateTables } from './rate-table';

const rates = RateTables.load();

let gnum = 0;
const line = (gcode: string, totalPrice: string, qty1 = '1', unit1 = '011'): AssessmentLine => ({
  gnum: ++gnum,
  gcode,
  gname: 'goods',
  qty: '1',
  unit: '011',
  qty1,
  unit1,
  price: totalPrice,
  totalPrice,
});

const list = (lines: AssessmentLine[], freight = '0', insuredFee = '0'): ListForAssessment => {
  gnum = 0;
  return {
    declaredAt: '2026-11-21T02:00:00Z',
    freight,
    insuredFee,
    lines: lines.map((l, i) => ({ ...l, gnum: i + 1 })),
  };
};

function assess(l: ListForAssessment) {
  const c = calculate(rates, l, chinaDate(l.declaredAt));
  if (!c.ok) throw new Error(c.message);
  return c.result;
}

describe('retail-import comprehensive tax', () => {
  it('standard VAT only: 13 % × 70 % = 9.1 % of the dutiable value, no tariff, no consumption tax', () => {
    // 婴幼儿配方奶粉 1901101000: goods 100 → VAT 100 × 0.13 × 0.7 = 9.10
    const r = assess(list([line('1901101000', '100.00')]));
    expect(r).toMatchObject({
      rateVersion: '2026-01-01',
      dutiableValue: '100.00',
      customsTax: '0.00',
      valueAddedTax: '9.10',
      consumptionTax: '0.00',
      taxTotal: '9.10',
    });
  });

  it('a 9 % VAT line (milk powder): 200 × 0.09 × 0.7 = 12.60', () => {
    expect(assess(list([line('0402210000', '200.00')])).taxTotal).toBe('12.60');
  });

  it('consumption tax without threshold (watch, 20 %): VAT and consumption tax on price / (1 − 20 %)', () => {
    // 1000 / 0.8 = 1250; CT 1250 × 0.20 × 0.7 = 175.00; VAT 1250 × 0.13 × 0.7 = 113.75; total 288.75
    const r = assess(list([line('9102110000', '1000.00')]));
    expect(r).toMatchObject({ valueAddedTax: '113.75', consumptionTax: '175.00', taxTotal: '288.75' });
  });

  it('high-end cosmetics at or above 10 RMB/ml: consumption tax 15 %, 综合税 23.06 %', () => {
    // 50 ml skin care, goods 880 + freight 20 = 900 (18 RMB/ml ≥ 10):
    // 900 / 0.85 = 1058.8235…; CT × 0.15 × 0.7 = 111.176… → 111.18; VAT × 0.13 × 0.7 = 96.352… → 96.35
    const r = assess(list([line('3304990099', '880.00', '50', '096')], '20.00'));
    expect(r).toMatchObject({
      dutiableValue: '900.00',
      valueAddedTax: '96.35',
      consumptionTax: '111.18',
      taxTotal: '207.53',
    });
    // Exactly at the threshold (100 RMB for 10 ml) the tax applies: 12.35 + 10.71 = 23.06
    expect(assess(list([line('3304990099', '100.00', '10', '096')])).taxTotal).toBe('23.06');
  });

  it('cosmetics below the threshold pay VAT only (300 RMB for 100 ml = 3 RMB/ml)', () => {
    const r = assess(list([line('3304990099', '300.00', '100', '096')]));
    expect(r).toMatchObject({ valueAddedTax: '27.30', consumptionTax: '0.00', taxTotal: '27.30' });
  });

  it('sheet masks: the threshold is 15 RMB per 片', () => {
    // 10 片 for 120 = 12/片 < 15: VAT only, 120 × 0.091 = 10.92
    expect(assess(list([line('3304990010', '120.00', '10', '020')])).consumptionTax).toBe('0.00');
    // 10 片 for 200 = 20/片: 200 / 0.85 × 0.15 × 0.7 = 24.705… → 24.71; VAT 21.411… → 21.41
    const r = assess(list([line('3304990010', '200.00', '10', '020')]));
    expect(r).toMatchObject({ consumptionTax: '24.71', valueAddedTax: '21.41', taxTotal: '46.12' });
  });

  it('rounds each amount half up at 2 places (15.00 × 9.1 % = 1.365 → 1.37, not 1.36)', () => {
    expect(assess(list([line('1901101000', '15.00')])).valueAddedTax).toBe('1.37');
    expect(assess(list([line('1901101000', '0.05')])).valueAddedTax).toBe('0.00');
  });

  it('allocates freight and insurance pro rata, the last line taking the rounding rest', () => {
    expect(allocate('10.00', ['1', '1', '1'])).toEqual(['3.33', '3.33', '3.34']);
    expect(allocate('0.01', ['50', '50'])).toEqual(['0.01', '0.00']);
    const r = assess(
      list(
        [line('1901101000', '33.33'), line('1901101000', '33.33'), line('1901101000', '33.34')],
        '10.00',
        '0.10',
      ),
    );
    // freight 3.33 / 3.33 / 3.34, insurance 0.03 / 0.03 / 0.04
    expect(r.lines.map((l) => l.taxPrice)).toEqual(['36.69', '36.69', '36.72']);
    expect(r.dutiableValue).toBe('110.10');
    // The list is the sum of its rounded lines: 3.34 + 3.34 + 3.34 (36.72 × 0.091 = 3.34152)
    expect(r.valueAddedTax).toBe('10.02');
  });

  it('a line whose HS code is not in the table makes the list not assessable', () => {
    const c = calculate(rates, list([line('1901101000', '10'), line('9999999999', '10')]), '2026-11-21');
    expect(c).toEqual({ ok: false, message: expect.stringContaining('2:9999999999') });
  });

  it('a legal unit that cannot be compared with the threshold makes the list not assessable', () => {
    const c = calculate(rates, list([line('3304990099', '500', '2', '142')]), '2026-11-21');
    expect(c).toEqual({ ok: false, message: expect.stringContaining('legal unit 142') });
  });

  it('applies the table in force at the declaration date (China time)', () => {
    const tables = new RateTables([
      { effectiveFrom: '2025-01-01', commodities: [{ hsCode: '1901101000', name: 'x', vatRate: '0.17' }] },
      { effectiveFrom: '2026-01-01', commodities: [{ hsCode: '1901101000', name: 'x', vatRate: '0.13' }] },
    ]);
    const l = list([line('1901101000', '100.00')]);
    // 2025-12-31T16:30Z is already 2026-01-01 00:30 in China
    expect(chinaDate('2025-12-31T16:30:00Z')).toBe('2026-01-01');
    const before = calculate(tables, l, chinaDate('2025-12-31T15:00:00Z'));
    const after = calculate(tables, l, chinaDate('2025-12-31T16:30:00Z'));
    expect(before.ok && before.result).toMatchObject({ rateVersion: '2025-01-01', taxTotal: '11.90' });
    expect(after.ok && after.result).toMatchObject({ rateVersion: '2026-01-01', taxTotal: '9.10' });
    expect(calculate(tables, l, '2024-06-01')).toEqual({ ok: false, message: expect.any(String) });
  });
});
