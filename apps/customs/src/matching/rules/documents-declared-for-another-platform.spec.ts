import { consistentCase, failedCodes } from './case-fixture';

describe('rule 1320: payment or list declared for another platform or seller', () => {
  it('holds when payment and list carry the order ebpCode and ebcCode', () => {
    expect(failedCodes(consistentCase())).not.toContain('1320');
  });

  it('fails when the payment names another platform', () => {
    const c = consistentCase();
    c.payment.PaymentHead.ebpCode = '3301969999';
    expect(failedCodes(c)).toContain('1320');
  });

  it('fails when the list names another seller', () => {
    const c = consistentCase();
    c.list.InventoryHead.ebcCode = '3301969998';
    expect(failedCodes(c)).toContain('1320');
  });
});
