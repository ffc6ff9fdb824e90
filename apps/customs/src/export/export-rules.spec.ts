import {
  EXPORT_INVENTORY_EXAMPLE,
  EXPORT_ORDER_EXAMPLE,
  EXPORT_RECEIPT_EXAMPLE,
  EXPORT_WAYBILL_EXAMPLE,
  type ExportInventory,
} from '@swx/contracts';

import { EXPORT_RELEASE_POLICY } from './export-policy';
import {
  type ExportCaseDocuments,
  failedRules,
  fullDeclarationReasons,
  type RuleContext,
} from './export-rules';

const clone = <T>(value: T): T => structuredClone(value);

const documents = (): ExportCaseDocuments => ({
  order: clone(EXPORT_ORDER_EXAMPLE),
  receipt: clone(EXPORT_RECEIPT_EXAMPLE),
  list: clone(EXPORT_INVENTORY_EXAMPLE),
  waybill: clone(EXPORT_WAYBILL_EXAMPLE),
});

const everyoneRegistered = (docs: ExportCaseDocuments): RuleContext => ({
  ...docs,
  isRegistered: () => true,
});

describe('export matching rules', () => {
  it('passes the consistent example set', () => {
    expect(failedRules(everyoneRegistered(documents()))).toEqual([]);
  });

  it('1322: a list line that differs from the order', () => {
    const docs = documents();
    docs.list.InventoryList[1].qty = '5';
    docs.list.InventoryList[1].totalPrice = '190.00';
    expect(failedRules(everyoneRegistered(docs))).toEqual([
      { code: '1322', message: expect.stringContaining('第 2 项 qty,totalPrice 不一致') },
    ]);
  });

  it('1341: a receipt of payment that is not goods value + freight', () => {
    const docs = documents();
    docs.receipt.Receipts.charge = '600.00';
    expect(failedRules(everyoneRegistered(docs))).toEqual([
      { code: '1341', message: expect.stringContaining('收款金额 600.00 ≠ 订单商品金额+运杂费 642.00') },
    ]);
  });

  it('1351: a list whose freight, weight or packages differ from its waybill', () => {
    const docs = documents();
    docs.waybill.Logistics.grossWeight = '3.10';
    docs.waybill.Logistics.packNo = 2;
    expect(failedRules(everyoneRegistered(docs))).toEqual([
      { code: '1351', message: expect.stringContaining('grossWeight,packNo') },
    ]);
  });

  it('1361: an enterprise not registered in the role it acts in, every failure at once', () => {
    const docs = documents();
    docs.list.InventoryList[0].price = '45.00';
    const ctx: RuleContext = {
      ...docs,
      isRegistered: (code, role) => !(code === docs.waybill.Logistics.logisticsCode && role === 'logistics'),
    };
    expect(failedRules(ctx).map((f) => f.code)).toEqual(['1322', '1361']);
    expect(failedRules(ctx)[1].message).toContain(
      `物流企业 ${docs.waybill.Logistics.logisticsCode} 未备案为 logistics`,
    );
  });
});

describe('release on the list (清单核放) or a full declaration', () => {
  const list = (): ExportInventory => clone(EXPORT_INVENTORY_EXAMPLE);

  it('releases a small RMB list without licence or duty', () => {
    expect(fullDeclarationReasons(list())).toEqual([]);
  });

  it('sends a list over 5,000 RMB to a full declaration, and one of exactly 5,000 not', () => {
    const over = list();
    over.InventoryList[0].price = '485.00';
    over.InventoryList[0].totalPrice = '4850.00';
    expect(fullDeclarationReasons(over)).toEqual([
      { code: '2801', message: expect.stringContaining('5002.00') },
    ]);
    const limit = list();
    limit.InventoryList[0].price = '484.80';
    limit.InventoryList[0].totalPrice = '4848.00';
    expect(fullDeclarationReasons(limit)).toEqual([]);
  });

  it('sends goods needing a licence or carrying export duty to a full declaration', () => {
    const goods = list();
    goods.InventoryList[0].gcode = '9303201000';
    goods.InventoryList[1].gcode = '2602000000';
    expect(fullDeclarationReasons(goods).map((r) => r.code)).toEqual(['2802', '2803']);
    const licensed = list();
    licensed.InventoryHead.licenseNo = '26-AB-000001';
    expect(fullDeclarationReasons(licensed).map((r) => r.code)).toEqual(['2802']);
  });

  it('cannot establish the RMB value of a list in another currency', () => {
    const foreign = list();
    foreign.InventoryList.forEach((l) => (l.currency = '502'));
    expect(fullDeclarationReasons(foreign, EXPORT_RELEASE_POLICY).map((r) => r.code)).toEqual(['2804']);
  });
});
