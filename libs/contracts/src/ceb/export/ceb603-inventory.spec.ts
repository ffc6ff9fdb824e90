import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { sum } from '../decimal';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import { CEB303, EXPORT_ORDER_EXAMPLE } from './ceb303-order';
import { EXPORT_WAYBILL_EXAMPLE } from './ceb505-waybill';
import { CEB603, EXPORT_INVENTORY_EXAMPLE, ExportInventory } from './ceb603-inventory';

const names = (errors: ValidationError[], at = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${at}${e.property}.${c}`),
    ...names(e.children ?? [], `${at}${e.property}.`),
  ]);
const errorsOf = (plain: object): string[] =>
  names(
    validateSync(plainToInstance(ExportInventory, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).sort();
const example = (): ExportInventory => structuredClone(EXPORT_INVENTORY_EXAMPLE);

/** The example list moved to the special-zone mode 1210 with its zone enterprise, account book and record numbers. */
const specialZone = (): ExportInventory => {
  const inventory = example();
  Object.assign(inventory.InventoryHead, {
    tradeMode: '1210',
    iacCode: DEMO_ENTERPRISES.warehouse.customsCode,
    iacName: DEMO_ENTERPRISES.warehouse.name,
    emsNo: 'T2924W000001',
  });
  inventory.InventoryList.forEach((line, i) => (line.itemRecordNo = `ITEM000${i + 1}`));
  return inventory;
};

describe('CEB603 ExportInventory contract', () => {
  it('accepts the example list', () => {
    expect(errorsOf(example())).toEqual([]);
  });

  it('declares the example order and waybill: same order, parties, waybill, lines and freight', () => {
    const head = EXPORT_INVENTORY_EXAMPLE.InventoryHead;
    const order = EXPORT_ORDER_EXAMPLE.OrderHead;
    expect(head).toMatchObject({
      orderNo: order.orderNo,
      ebpCode: order.ebpCode,
      ebcCode: order.ebcCode,
      agentCode: DEMO_ENTERPRISES.agent.customsCode,
      logisticsCode: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsCode,
      logisticsNo: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsNo,
      freight: EXPORT_WAYBILL_EXAMPLE.Logistics.freight,
      tradeMode: '9610',
      ieFlag: 'E',
    });
    type Line = {
      gnum: number;
      itemNo: string;
      qty: string;
      price: string;
      totalPrice: string;
      currency: string;
    };
    const pick = ({ gnum, itemNo, qty, price, totalPrice, currency }: Line): Line => ({
      gnum,
      itemNo,
      qty,
      price,
      totalPrice,
      currency,
    });
    expect(EXPORT_INVENTORY_EXAMPLE.InventoryList.map(pick)).toEqual(
      EXPORT_ORDER_EXAMPLE.OrderList.map(pick),
    );
  });

  it('stays within 5,000 RMB and is declared for summary (B), so the CEB701 example can summarise it', () => {
    const lines = EXPORT_INVENTORY_EXAMPLE.InventoryList;
    expect(lines.every((l) => l.currency === '142')).toBe(true);
    expect(sum(lines.map((l) => l.totalPrice)).lte(5000)).toBe(true);
    expect(EXPORT_INVENTORY_EXAMPLE.InventoryHead.statisticsFlag).toBe('B');
  });

  it('accepts a producer not registered with customs (ownerCode NO) and an 18..20-character list number', () => {
    const inventory = example();
    Object.assign(inventory.InventoryHead, { ownerCode: 'NO', invtNo: '29242026E00000000001' });
    expect(errorsOf(inventory)).toEqual([]);
  });

  it('refuses an import list, unknown modes and flags, a 4-digit HS code and a 21-character item number', () => {
    const inventory = example();
    Object.assign(inventory.InventoryHead, {
      ieFlag: 'I',
      tradeMode: '0110',
      statisticsFlag: 'C',
      fFlag: '4',
    });
    Object.assign(inventory.InventoryList[0], { gcode: '6109', itemNo: 'I'.repeat(21) });
    expect(errorsOf(inventory)).toEqual([
      'InventoryHead.fFlag.isIn',
      'InventoryHead.ieFlag.isIn',
      'InventoryHead.statisticsFlag.isIn',
      'InventoryHead.tradeMode.isIn',
      'InventoryList.0.gcode.matches',
      'InventoryList.0.itemNo.isLength',
    ]);
  });

  it('requires the head, 1..100 lines and the mandatory barcode (没有条形码填"无")', () => {
    const inventory = example();
    expect(errorsOf({ InventoryList: inventory.InventoryList })).toEqual(['InventoryHead.isDefined']);
    expect(errorsOf({ ...inventory, InventoryList: [] })).toEqual(['InventoryList.arrayMinSize']);
    inventory.InventoryList[1].barCode = '无';
    expect(errorsOf(inventory)).toEqual([]);
  });
});

describe('CEB603 rules', () => {
  const rules = (inventory: ExportInventory) => CEB603.check(inventory).map((v) => `${v.path}:${v.rule}`);

  it('finds nothing wrong with the example or with a complete special-zone list', () => {
    expect(CEB603.check(EXPORT_INVENTORY_EXAMPLE)).toEqual([]);
    expect(errorsOf(specialZone())).toEqual([]);
    expect(CEB603.check(specialZone())).toEqual([]);
  });

  it('refuses a line whose total is not qty × price, and lines not numbered 1..n', () => {
    const inventory = example();
    inventory.InventoryList[1].price = '38.01';
    inventory.InventoryList[1].gnum = 3;
    expect(rules(inventory)).toEqual([
      'InventoryList[1].totalPrice:totalPrice.equalsQtyTimesPrice',
      'InventoryList[1].gnum:gnum.sequence',
    ]);
  });

  it('refuses a legal quantity other than the declared one when the units are the same', () => {
    const inventory = example();
    inventory.InventoryList[0].qty1 = '10.00000';
    expect(rules(inventory)).toEqual([]);
    inventory.InventoryList[0].qty1 = '9';
    expect(rules(inventory)).toEqual(['InventoryList[0].qty1:qty1.equalsQtyWhenSameUnit']);
  });

  it('refuses a second quantity without unit, a unit without quantity and a zero second quantity', () => {
    const noUnit = example();
    delete noUnit.InventoryList[0].unit2;
    const noQty = example();
    delete noQty.InventoryList[0].qty2;
    const zero = example();
    zero.InventoryList[0].qty2 = '0';
    for (const inventory of [noUnit, noQty, zero]) {
      expect(rules(inventory)).toEqual(['InventoryList[0].qty2:qty2.pairedWithUnit2']);
    }
  });

  it('requires zone enterprise, account book and record numbers in the special-zone modes', () => {
    const inventory = specialZone();
    inventory.InventoryHead.tradeMode = '1239';
    delete inventory.InventoryHead.iacCode;
    delete inventory.InventoryHead.iacName;
    delete inventory.InventoryHead.emsNo;
    delete inventory.InventoryList[1].itemRecordNo;
    expect(rules(inventory)).toEqual([
      'InventoryList[1].itemRecordNo:itemRecordNo.requiredForSpecialZone',
      'InventoryHead.iacCode:iacCode.requiredForSpecialZone',
      'InventoryHead.iacName:iacName.requiredForSpecialZone',
      'InventoryHead.emsNo:emsNo.requiredForSpecialZone',
    ]);
  });

  it('refuses a net weight above the gross weight', () => {
    const inventory = example();
    inventory.InventoryHead.netWeight = '2.80';
    expect(rules(inventory)).toEqual([]);
    inventory.InventoryHead.netWeight = '2.80001';
    expect(rules(inventory)).toEqual(['InventoryHead.netWeight:netWeight.notAboveGrossWeight']);
  });

  it('refuses a licence under simplified declaration (A), which is only for goods without one', () => {
    const inventory = example();
    inventory.InventoryHead.statisticsFlag = 'A';
    expect(rules(inventory)).toEqual([]);
    inventory.InventoryHead.licenseNo = '26-AA-000001';
    expect(rules(inventory)).toEqual(['InventoryHead.licenseNo:licenseNo.absentForSimplified']);
  });
});

describe('CEB603 descriptor', () => {
  it('is sent by the declaring agent in its own name', () => {
    expect(CEB603).toMatchObject({
      messageType: 'CEB603',
      flow: 'export',
      rootElement: 'CEB603Message',
      documentElement: 'Inventory',
      headElement: 'InventoryHead',
      repeatedElements: ['InventoryList'],
      senderRole: 'agent',
      senderCodeField: 'agentCode',
    });
  });

  it('meets its order on the order key and is identified by agent and enterprise number', () => {
    expect(CEB603.keyOf(EXPORT_INVENTORY_EXAMPLE)).toBe(CEB303.keyOf(EXPORT_ORDER_EXAMPLE));
    expect(CEB603.identityOf(EXPORT_INVENTORY_EXAMPLE)).toBe('3301980004:INVT20261121000001');
    expect(CEB603.versionOf(EXPORT_INVENTORY_EXAMPLE)).toEqual({ appType: '1', appTime: '20261121103000' });
  });

  it('has no personal data: the export list names no buyer', () => {
    expect(CEB603.personalDataPaths).toEqual([]);
  });
});
