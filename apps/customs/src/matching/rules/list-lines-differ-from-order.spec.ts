import { consistentCase, failedCodes } from './case-fixture';

describe('rule 1322: list lines = order lines by gnum (name, qty, price)', () => {
  it('holds when quantities and prices agree as decimals (2 = 2.00000)', () => {
    const c = consistentCase();
    c.list.InventoryList[0].qty = '2.00000';
    c.list.InventoryList[0].qty1 = '1.8';
    expect(failedCodes(c)).toEqual([]);
  });

  it('fails on another goods name', () => {
    const c = consistentCase();
    c.list.InventoryList[0].gname = '成人奶粉';
    expect(failedCodes(c)).toEqual(['1322']);
  });

  it('fails on another quantity or price', () => {
    const c = consistentCase();
    c.list.InventoryList[0].qty = '3';
    c.list.InventoryList[0].totalPrice = '300.00';
    expect(failedCodes(c)).toContain('1322');
    const d = consistentCase();
    d.list.InventoryList[0].price = '99.99';
    expect(failedCodes(d)).toContain('1322');
  });

  it('fails when a list line has no order line of its gnum', () => {
    const c = consistentCase();
    c.list.InventoryList[0].gnum = 2;
    expect(failedCodes(c)).toEqual(['1322']);
  });
});
