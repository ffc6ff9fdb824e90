import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';

import { CEB303, CEB403, CEB505, CEB507, CEB509, CEB603 } from './export';
import { CEB311, CEB411, CEB511, CEB621 } from './import';
import { demoExportSet, demoImportSet } from './demo-sets';

const errorsOf = async (cls: new () => object, document: object) =>
  (await validate(plainToInstance(cls, document) as object)).map((e) => e.property);

describe('demo sets', () => {
  it('makes import sets that validate, share one new order number, and never repeat', async () => {
    const a = demoImportSet();
    const b = demoImportSet();
    expect(a.orderNo).not.toEqual(b.orderNo);
    expect(a.order.OrderHead.orderNo).toBe(a.orderNo);
    expect(a.payment.PaymentHead.orderNo).toBe(a.orderNo);
    expect(a.waybill.LogisticsHead.orderNo).toBe(a.orderNo);
    expect(a.inventory.InventoryHead.orderNo).toBe(a.orderNo);
    expect(a.inventory.InventoryHead.logisticsNo).toBe(a.waybill.LogisticsHead.logisticsNo);
    expect(a.payment.PaymentHead.payTransactionId).toBe(a.order.OrderHead.payTransactionId);
    expect(await errorsOf(CEB311.documentClass, a.order)).toEqual([]);
    expect(await errorsOf(CEB411.documentClass, a.payment)).toEqual([]);
    expect(await errorsOf(CEB511.documentClass, a.waybill)).toEqual([]);
    expect(await errorsOf(CEB621.documentClass, a.inventory)).toEqual([]);
  });

  it('makes export sets that validate and tie the list, arrival and departure to one waybill', async () => {
    const e = demoExportSet();
    expect(e.inventory.InventoryHead.orderNo).toBe(e.orderNo);
    expect(e.arrival.ArrivalList?.[0].logisticsNo).toBe(e.waybill.Logistics.logisticsNo);
    expect(e.departure.DepartureList[0].logisticsNo).toBe(e.waybill.Logistics.logisticsNo);
    expect(await errorsOf(CEB303.documentClass, e.order)).toEqual([]);
    expect(await errorsOf(CEB403.documentClass, e.paymentReceipt)).toEqual([]);
    expect(await errorsOf(CEB505.documentClass, e.waybill)).toEqual([]);
    expect(await errorsOf(CEB603.documentClass, e.inventory)).toEqual([]);
    expect(await errorsOf(CEB507.documentClass, e.arrival)).toEqual([]);
    expect(await errorsOf(CEB509.documentClass, e.departure)).toEqual([]);
  });
});
