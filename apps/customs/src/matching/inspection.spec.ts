import { creditInspection, draw, selectedForInspection, worstLevel } from './inspection';

const rates = { A: '0.005', B: '0.05', C: '0.2', D: '1' };

describe('inspection selection', () => {
  it('draws the same number in [0, 1) for the same list, and another for another list', () => {
    const a = draw('3301960002:ORD-1', '0b7c4a52-3e0d-4f6a-9c21-7d84e0b6a411');
    expect(draw('3301960002:ORD-1', '0b7c4a52-3e0d-4f6a-9c21-7d84e0b6a411')).toBe(a);
    expect(draw('3301960002:ORD-2', '0b7c4a52-3e0d-4f6a-9c21-7d84e0b6a411')).not.toBe(a);
    expect(Number(a)).toBeGreaterThanOrEqual(0);
    expect(Number(a)).toBeLessThan(1);
  });

  it('always inspects D, never with rate 0, and about the base rate over many lists', () => {
    let inspected = 0;
    for (let i = 0; i < 4000; i++) {
      expect(selectedForInspection(rates, 'D', `x:${i}`, 'm')).toBe(true);
      expect(selectedForInspection({ ...rates, B: '0' }, 'B', `x:${i}`, 'm')).toBe(false);
      if (selectedForInspection(rates, 'C', `x:${i}`, 'm')) inspected++;
    }
    expect(inspected / 4000).toBeGreaterThan(0.17);
    expect(inspected / 4000).toBeLessThan(0.23);
  });

  it('rates a list by its riskiest enterprise', () => {
    expect(worstLevel(['A', 'C', 'B'])).toBe('C');
    expect(worstLevel(['A'])).toBe('A');
  });

  it('inspects every list naming a blacklisted party, even when no level is ever inspected', () => {
    const none = { A: '0', B: '0', C: '0', D: '0' };
    for (let i = 0; i < 200; i++) {
      expect(
        creditInspection(none, { levels: ['A', 'D'], blacklisted: ['3301960002'] }, `x:${i}`, 'm'),
      ).toEqual({ inspect: true, level: 'D', reason: '[Code:2500;Desc:查验，信用黑名单 3301960002]' });
      expect(creditInspection(none, { levels: ['A', 'D'], blacklisted: [] }, `x:${i}`, 'm').inspect).toBe(
        false,
      );
    }
    expect(creditInspection(rates, { levels: ['B', 'D'], blacklisted: [] }, 'x:1', 'm')).toEqual({
      inspect: true,
      level: 'D',
      reason: '[Code:2500;Desc:查验，信用等级D]',
    });
  });
});
