import { consistentCase, failedCodes } from './case-fixture';

describe('rule 1301: order arithmetic', () => {
  it('holds when acturalPaid = goodsValue + freight + taxTotal − discount and lines add up', () => {
    expect(failedCodes(consistentCase())).not.toContain('1301');
  });

  it('fails when acturalPaid is off by one fen', () => {
    const c = consistentCase();
    c.order.OrderHead.acturalPaid = '233.29';
    c.payment.PaymentHead.amountPaid = '233.29';
    expect(failedCodes(c)).toEqual(['1301']);
  });

  it('fails when a line total is not qty × price', () => {
    const c = consistentCase();
    c.order.OrderList[0].totalPrice = '199.99';
    expect(failedCodes(c)).toContain('1301');
  });
});
