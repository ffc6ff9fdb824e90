import { evaluateRule } from '../evaluate';
import { obs, rule } from './fixtures';

const splitting = rule('risk.orderSplitting');
const order = (no: string, amount: string, time: string) =>
  obs({ stream: 'order', subjectKind: 'buyer', source: no, amount }, time);

describe('risk.orderSplitting: one buyer, several orders within 24 h just under 5,000 CNY', () => {
  it('warns blue on three orders of 4,800 within a few hours (not ok)', () => {
    const found = evaluateRule(splitting, [
      order('O1', '4800.00', '2026-11-30T09:00'),
      order('O2', '4850.00', '2026-11-30T10:30'),
      order('O3', '4999.99', '2026-11-30T13:00'),
    ]);
    expect(found).toMatchObject({
      score: 3,
      grade: 'blue',
      evidence: ['O1', 'O2', 'O3'],
      windowFrom: '2026-11-29T13:00:00+08:00',
      windowTo: '2026-11-30T13:00:00+08:00',
    });
  });

  it('grades by count: six orders in a day is orange', () => {
    const six = ['09', '10', '11', '12', '13', '14'].map((h, i) =>
      order(`O${i}`, '4900', `2026-11-30T${h}:00`),
    );
    expect(evaluateRule(splitting, six)?.grade).toBe('orange');
  });

  it('does not warn when the same orders are spread beyond the 24 h window (ok)', () => {
    const found = evaluateRule(splitting, [
      order('O1', '4800', '2026-11-28T09:00'),
      order('O2', '4800', '2026-11-29T10:00'),
      order('O3', '4800', '2026-11-30T11:00'),
    ]);
    expect(found).toMatchObject({ score: 1, grade: null });
  });

  it('does not count orders far below the limit or at the limit (ok)', () => {
    const found = evaluateRule(splitting, [
      order('O1', '233.27', '2026-11-30T09:00'),
      order('O2', '5000.00', '2026-11-30T09:10'),
      order('O3', '3999.99', '2026-11-30T09:20'),
      order('O4', '4500', '2026-11-30T09:30'),
    ]);
    expect(found).toMatchObject({ score: 1, grade: null, evidence: ['O4'] });
  });

  it('counts a redeclared order once (ok)', () => {
    const found = evaluateRule(splitting, [
      order('O1', '4800', '2026-11-30T09:00'),
      order('O2', '4800', '2026-11-30T10:00'),
      { ...order('O2', '4800', '2026-11-30T10:00'), source: 'O2' },
    ]);
    expect(found?.score).toBe(2);
  });

  it('windows run on China time: 23:30 and next day 08:00 China time are 8.5 h apart', () => {
    const found = evaluateRule(splitting, [
      order('O1', '4800', '2026-11-30T23:30'),
      order('O2', '4800', '2026-12-01T08:00'),
      order('O3', '4800', '2026-12-01T08:05'),
    ]);
    expect(found).toMatchObject({ grade: 'blue', windowTo: '2026-12-01T08:05:00+08:00' });
  });
});

describe('risk.orderSplittingByAddress: one address, several orders just under the limit', () => {
  const byAddress = rule('risk.orderSplittingByAddress');
  it('warns when different buyers send split orders to one address (not ok)', () => {
    const found = evaluateRule(
      byAddress,
      ['O1', 'O2', 'O3', 'O4'].map((no, i) =>
        obs(
          { stream: 'order', subjectKind: 'address', source: no, amount: '4700' },
          `2026-11-30T0${i + 1}:00`,
        ),
      ),
    );
    expect(found).toMatchObject({ score: 4, grade: 'yellow' });
  });
});
