import { dutiableValue } from '../rules';
import { consistentCase, failedCodes } from './case-fixture';

/** Makes the list (and order, payment) one line of `price`, so only the limit can fail. */
function caseAt(price: string, freight: string, insuredFee: string, paid: string) {
  const c = consistentCase();
  Object.assign(c.order.OrderHead, {
    goodsValue: price,
    freight,
    taxTotal: '0',
    discount: '0',
    acturalPaid: paid,
  });
  Object.assign(c.order.OrderList[0], { qty: '1', price, totalPrice: price });
  c.payment.PaymentHead.amountPaid = paid;
  Object.assign(c.list.InventoryHead, { freight, insuredFee });
  Object.assign(c.list.InventoryList[0], { qty: '1', qty1: '0.9', price, totalPrice: price });
  return c;
}

describe('rule -621005: single transaction ≤ 5000 RMB on goods + freight + insurance', () => {
  it('holds at exactly 5000.00', () => {
    const c = caseAt('4980.00', '10.00', '10.00', '4990.00');
    expect(dutiableValue(c)).toBe('5000.00');
    expect(failedCodes(c)).toEqual([]);
  });

  it('fails one fen above, insurance included', () => {
    const c = caseAt('4980.00', '10.00', '10.01', '4990.00');
    expect(dutiableValue(c)).toBe('5000.01');
    expect(failedCodes(c)).toEqual(['-621005']);
  });
});
