import { consistentCase, evaluate, failedCodes } from './case-fixture';

describe('rule 1325: order acturalPaid = payment amountPaid', () => {
  it('holds when the amounts agree at 2 places (233.28 = 233.28000)', () => {
    const c = consistentCase();
    c.payment.PaymentHead.amountPaid = '233.28000';
    expect(failedCodes(c)).toEqual([]);
  });

  it('fails on a one-fen difference, naming both amounts', () => {
    const c = consistentCase();
    c.payment.PaymentHead.amountPaid = '233.27';
    const failures = evaluate(c).failures;
    expect(failures.map((f) => f.code)).toEqual(['1325']);
    expect(failures[0].message).toContain('233.28');
    expect(failures[0].message).toContain('233.27');
  });
});
