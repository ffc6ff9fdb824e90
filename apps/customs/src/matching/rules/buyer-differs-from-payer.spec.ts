import { BUYER_VERIFIED_MARKER } from '../rules';
import { consistentCase, failedCodes } from './case-fixture';

describe('rule 1327: buyer name and ID = payer name and ID', () => {
  it('holds for the demo set', () => {
    expect(failedCodes(consistentCase())).not.toContain('1327');
  });

  it('fails when someone else pays', () => {
    const c = consistentCase();
    c.payment.PaymentHead.payerName = '李四';
    expect(failedCodes(c)).toEqual(['1327']);
    const d = consistentCase();
    d.payment.PaymentHead.payerIdNumber = '110101199003070099';
    expect(failedCodes(d)).toEqual(['1327']);
  });

  it('holds when the platform marked the buyer identity-verified in the order note', () => {
    const c = consistentCase();
    c.payment.PaymentHead.payerName = '李四';
    c.order.OrderHead.note = `${BUYER_VERIFIED_MARKER}; 家人代付`;
    expect(failedCodes(c)).toEqual([]);
  });
});
