import { gradeOf, loadRules, validateRules } from './rule-book';

describe('the rule book', () => {
  it('loads the rules of data/rules.json, each with code, version, parameters and grades', () => {
    const rules = loadRules();
    expect(rules.map((r) => r.code)).toEqual(
      expect.arrayContaining(['risk.orderSplitting', 'risk.sharedAddressPhone', 'risk.payerManyBuyers']),
    );
    expect(gradeOf(rules[0], rules[0].grades.red + 5)).toBe('red');
    expect(gradeOf(rules[0], 0)).toBeNull();
  });

  it('refuses grades that do not rise, naming the rule', () => {
    const [first] = loadRules();
    expect(() => validateRules([{ ...first, grades: { blue: 3, yellow: 3, orange: 5, red: 6 } }])).toThrow(
      /risk.orderSplitting v1: grade yellow/,
    );
  });
});
