import { consistentCase, failedCodes } from './case-fixture';

describe('rule 13035: order payCode = payment payCode', () => {
  it('holds when the order names the payment company, or names none', () => {
    expect(failedCodes(consistentCase())).not.toContain('13035');
    const c = consistentCase();
    delete c.order.OrderHead.payCode;
    expect(failedCodes(c)).not.toContain('13035');
  });

  it('fails when the order names another payment company', () => {
    const c = consistentCase();
    c.order.OrderHead.payCode = '31222699S7';
    expect(failedCodes(c)).toContain('13035');
  });
});
