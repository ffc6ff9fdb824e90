import { evaluateRule } from '../evaluate';
import { obs, rule } from './fixtures';

const priceRule = rule('risk.unitPriceBelowMedian');
const line = (source: string, price: string, day: string) =>
  obs(
    {
      stream: 'linePrice',
      subjectKind: 'platformHsCode',
      subject: '3301968AAA:3304990099',
      source,
      amount: price,
      orderNo: source,
    },
    `2026-11-${day}T10:00`,
  );

describe('risk.unitPriceBelowMedian: unit prices far below the platform’s own median for the HS code', () => {
  it('flags a line at a tenth of the median (not ok)', () => {
    const found = evaluateRule(priceRule, [
      line('O1', '300.00', '01'),
      line('O2', '310.00', '02'),
      line('O3', '290.00', '03'),
      line('O4', '305.00', '04'),
      line('O5', '30.00', '05'),
      line('O6', '295.00', '06'),
    ]);
    expect(found).toMatchObject({ score: 1, grade: 'blue', evidence: ['O5'] });
  });

  it('does not flag prices within the usual spread (ok)', () => {
    const found = evaluateRule(
      priceRule,
      ['250', '280', '300', '320', '350', '200'].map((p, i) => line(`O${i}`, p, `0${i + 1}`)),
    );
    expect(found).toMatchObject({ score: 0, grade: null });
  });

  it('says nothing with fewer samples than the rule needs (ok)', () => {
    const found = evaluateRule(priceRule, [line('O1', '300', '01'), line('O2', '3', '02')]);
    expect(found?.grade).toBeNull();
  });
});
