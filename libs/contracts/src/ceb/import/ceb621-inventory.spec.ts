import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import { DEMO_ENTERPRISES } from '../demo-enterprises';
import { IMPORT_ORDER_EXAMPLE } from './ceb311-order';
import { IMPORT_WAYBILL_EXAMPLE } from './ceb511-waybill';
import { CEB621, IMPORT_INVENTORY_EXAMPLE, ImportInventory, type InventoryList } from './ceb621-inventory';

const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
const errorsOf = (plain: unknown): string[] =>
  flatten(
    validateSync(plainToInstance(ImportInventory, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).sort();
const withHead = (fields: Record<string, unknown>): unknown => ({
  ...IMPORT_INVENTORY_EXAMPLE,
  InventoryHead: { ...IMPORT_INVENTORY_EXAMPLE.InventoryHead, ...fields },
});
const withLine = (fields: Record<string, unknown>): unknown => ({
  ...IMPORT_INVENTORY_EXAMPLE,
  InventoryList: [{ ...IMPORT_INVENTORY_EXAMPLE.InventoryList[0], ...fields }],
});
const example = (): ImportInventory => structuredClone(IMPORT_INVENTORY_EXAMPLE);
const rulesOf = (inventory: ImportInventory): string[] =>
  CEB621.check(inventory).map((v) => `${v.path}:${v.rule}`);
const valueAt = (document: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);

describe('CEB621 ImportInventory contract', () => {
  it('accepts the example', () => {
    expect(errorsOf(IMPORT_INVENTORY_EXAMPLE)).toEqual([]);
  });

  it('keeps amounts, weights and quantities decimal strings', () => {
    expect(errorsOf(withHead({ freight: 10, grossWeight: '2.123456', netWeight: '1,8' }))).toEqual([
      'InventoryHead.freight:matches',
      'InventoryHead.grossWeight:matches',
      'InventoryHead.netWeight:matches',
    ]);
    expect(errorsOf(withLine({ qty: 2, qty1: '1.8e0', price: '100.000001' }))).toEqual([
      'InventoryList.0.price:matches',
      'InventoryList.0.qty1:matches',
      'InventoryList.0.qty:matches',
    ]);
  });

  it('holds the code lists: trade mode 9610/1210, JGS-20 transport mode, import, id card, RMB, one parcel', () => {
    expect(
      errorsOf(
        withHead({
          tradeMode: '0110',
          trafMode: 'QQ',
          ieFlag: 'E',
          buyerIdType: '2',
          currency: '502',
          packNo: 2,
          appType: '0',
        }),
      ),
    ).toEqual([
      'InventoryHead.appType:isIn',
      'InventoryHead.buyerIdType:isIn',
      'InventoryHead.currency:isIn',
      'InventoryHead.ieFlag:isIn',
      'InventoryHead.packNo:isIn',
      'InventoryHead.tradeMode:isIn',
      'InventoryHead.trafMode:matches',
    ]);
    expect(errorsOf(withHead({ tradeMode: '9610', trafMode: 'W' }))).toEqual([]);
    // A JGS-20 code the known list does not name (L 旅客携带) is taken: the XSD lists no codes.
    expect(errorsOf(withHead({ tradeMode: '9610', trafMode: 'L' }))).toEqual([]);
    expect(errorsOf(withLine({ currency: '502' }))).toEqual(['InventoryList.0.currency:isIn']);
  });

  it('requires well-formed district codes, dates, HS codes and unit/country codes', () => {
    expect(
      errorsOf(
        withHead({
          customsCode: '29240',
          portCode: 'HZ01',
          declTime: '2026-11-21',
          ieDate: '20261301',
          country: 'CN',
          wrapType: 'A',
          areaCode: 'warehouse',
        }),
      ),
    ).toEqual([
      'InventoryHead.areaCode:matches',
      'InventoryHead.country:matches',
      'InventoryHead.customsCode:matches',
      'InventoryHead.declTime:matches',
      'InventoryHead.ieDate:matches',
      'InventoryHead.portCode:matches',
      'InventoryHead.wrapType:matches',
    ]);
    expect(
      errorsOf(
        withLine({
          gcode: '19011010',
          unit: 'KG',
          unit1: '35',
          unit2: '0350',
          country: 'JP',
          tradeCountry: '',
        }),
      ),
    ).toEqual([
      'InventoryList.0.country:matches',
      'InventoryList.0.gcode:matches',
      'InventoryList.0.tradeCountry:matches',
      'InventoryList.0.unit1:matches',
      'InventoryList.0.unit2:matches',
      'InventoryList.0.unit:matches',
    ]);
  });

  it('holds the XSD lengths (202205: itemNo at most 20)', () => {
    expect(
      errorsOf(
        withHead({
          copNo: 'C'.repeat(21),
          invtNo: 'I'.repeat(19),
          emsNo: 'E'.repeat(31),
          assureCode: 'A'.repeat(31),
        }),
      ),
    ).toEqual([
      'InventoryHead.assureCode:isLength',
      'InventoryHead.copNo:maxLength',
      'InventoryHead.emsNo:maxLength',
      'InventoryHead.invtNo:maxLength',
    ]);
    expect(
      errorsOf(withLine({ itemNo: 'S'.repeat(21), gname: 'g'.repeat(251), gmodel: 'm'.repeat(511) })),
    ).toEqual([
      'InventoryList.0.gmodel:isLength',
      'InventoryList.0.gname:isLength',
      'InventoryList.0.itemNo:maxLength',
    ]);
  });

  it('requires the head and 1..99 lines, and refuses unknown fields', () => {
    expect(errorsOf({ InventoryList: IMPORT_INVENTORY_EXAMPLE.InventoryList })).toEqual([
      'InventoryHead:isDefined',
    ]);
    expect(errorsOf({ ...IMPORT_INVENTORY_EXAMPLE, InventoryList: [] })).toEqual([
      'InventoryList:arrayMinSize',
    ]);
    const line = IMPORT_INVENTORY_EXAMPLE.InventoryList[0];
    const lines = Array.from({ length: 100 }, (_, i) => ({ ...line, gnum: i + 1 }));
    expect(errorsOf({ ...IMPORT_INVENTORY_EXAMPLE, InventoryList: lines })).toEqual([
      'InventoryList:arrayMaxSize',
    ]);
    expect(errorsOf(withLine({ gnum: 1.5, taxPrice: '1' }))).toEqual([
      'InventoryList.0.gnum:isInt',
      'InventoryList.0.taxPrice:whitelistValidation',
    ]);
  });
});

describe('CEB621 rules', () => {
  it('finds nothing wrong with the example', () => {
    expect(CEB621.check(IMPORT_INVENTORY_EXAMPLE)).toEqual([]);
  });

  it('refuses a line whose total is not qty × price, compared at 2 places', () => {
    const inventory = example();
    inventory.InventoryList[0].totalPrice = '200.00499';
    expect(rulesOf(inventory)).toEqual([]);
    inventory.InventoryList[0].totalPrice = '200.005';
    expect(rulesOf(inventory)).toEqual(['InventoryList[0].totalPrice:totalPrice.equalsQtyTimesPrice']);
  });

  it('refuses lines not numbered 1..n', () => {
    const inventory = example();
    inventory.InventoryList.push({ ...inventory.InventoryList[0], gnum: 3 });
    expect(rulesOf(inventory)).toEqual(['InventoryList[1].gnum:gnum.sequence']);
  });

  it('accepts as tax guarantor only the declarant, the e-commerce company, the platform or the logistics company', () => {
    const inventory = example();
    const head = inventory.InventoryHead;
    for (const code of [head.agentCode, head.ebcCode, head.ebpCode, head.logisticsCode]) {
      head.assureCode = code;
      expect(rulesOf(inventory)).toEqual([]);
    }
    head.assureCode = '3301989999';
    expect(rulesOf(inventory)).toEqual(['InventoryHead.assureCode:assureCode.isDeclarantEbcOrLogistics']);
  });

  it('warns of a net weight of 0 and refuses one above the gross weight', () => {
    const inventory = example();
    inventory.InventoryHead.netWeight = inventory.InventoryHead.grossWeight;
    expect(rulesOf(inventory)).toEqual([]);
    inventory.InventoryHead.netWeight = '2.10001';
    expect(rulesOf(inventory)).toEqual(['InventoryHead.netWeight:netWeight.notAboveGrossWeight']);
    inventory.InventoryHead.netWeight = '0';
    expect(rulesOf(inventory)).toEqual(['InventoryHead.netWeight:netWeight.positive']);
  });

  it('requires the legal quantity to be the quantity when the legal unit is the declared unit', () => {
    const inventory = example();
    const line = inventory.InventoryList[0];
    line.unit1 = line.unit;
    expect(rulesOf(inventory)).toEqual(['InventoryList[0].qty1:qty1.equalsQtyForSameUnit']);
    line.qty1 = '2.00000';
    expect(rulesOf(inventory)).toEqual([]);
  });

  it('pairs the second quantity with the second unit', () => {
    const cases: [Partial<InventoryList>, boolean][] = [
      [{ unit2: '035' }, false],
      [{ qty2: '1.8' }, false],
      [{ unit2: '035', qty2: '0' }, false],
      [{ unit2: '035', qty2: '1.8' }, true],
      [{}, true],
    ];
    for (const [fields, ok] of cases) {
      const inventory = example();
      Object.assign(inventory.InventoryList[0], fields);
      expect(rulesOf(inventory)).toEqual(ok ? [] : ['InventoryList[0].qty2:qty2.pairedWithUnit2']);
    }
  });

  it('requires the account book, zone warehouse, item record and country 142 in bonded import (1210)', () => {
    const inventory = example();
    const head = inventory.InventoryHead;
    delete head.emsNo;
    head.areaCode = '';
    head.areaName = ' ';
    head.country = '116';
    delete inventory.InventoryList[0].itemRecordNo;
    expect(rulesOf(inventory)).toEqual([
      'InventoryHead.emsNo:emsNo.requiredForBondedImport',
      'InventoryHead.areaCode:areaCode.requiredForBondedImport',
      'InventoryHead.areaName:areaName.requiredForBondedImport',
      'InventoryHead.country:country.chinaForBondedImport',
      'InventoryList[0].itemRecordNo:itemRecordNo.requiredForBondedImport',
    ]);
  });

  it('requires conveyance, voyage and bill in direct-purchase import (9610), and not the bonded fields', () => {
    const inventory = example();
    const head = inventory.InventoryHead;
    head.tradeMode = '9610';
    head.trafMode = '5';
    head.country = '116';
    delete head.emsNo;
    delete head.areaCode;
    delete head.areaName;
    delete inventory.InventoryList[0].itemRecordNo;
    expect(rulesOf(inventory)).toEqual([
      'InventoryHead.trafNo:trafNo.requiredForDirectImport',
      'InventoryHead.voyageNo:voyageNo.requiredForDirectImport',
      'InventoryHead.billNo:billNo.requiredForDirectImport',
    ]);
    Object.assign(head, { trafNo: 'MU5071', voyageNo: 'MU5071/20261120', billNo: '781-20261120' });
    expect(rulesOf(inventory)).toEqual([]);
  });
});

describe('CEB621 descriptor', () => {
  it('is sent by the declaring agent, keyed by order, identified by ebcCode and orderNo', () => {
    expect(CEB621).toMatchObject({
      rootElement: 'CEB621Message',
      documentElement: 'Inventory',
      headElement: 'InventoryHead',
      repeatedElements: ['InventoryList'],
      senderRole: 'agent',
      senderCodeField: 'agentCode',
    });
    expect(valueAt(IMPORT_INVENTORY_EXAMPLE, `${CEB621.headElement}.${CEB621.senderCodeField}`)).toBe(
      DEMO_ENTERPRISES.agent.customsCode,
    );
    expect(CEB621.keyOf(IMPORT_INVENTORY_EXAMPLE)).toBe('ORD20261121000001');
    expect(CEB621.identityOf(IMPORT_INVENTORY_EXAMPLE)).toBe('3301960002:ORD20261121000001');
    expect(CEB621.versionOf(IMPORT_INVENTORY_EXAMPLE)).toEqual({ appType: '1', appTime: '20261121103000' });
  });

  it('names the buyer id number and telephone as personal data', () => {
    expect(CEB621.personalDataPaths).toEqual(['InventoryHead.buyerIdNumber', 'InventoryHead.buyerTelephone']);
    for (const path of CEB621.personalDataPaths) {
      expect(typeof valueAt(IMPORT_INVENTORY_EXAMPLE, path)).toBe('string');
    }
  });

  it('declares the example order: same order, platform, seller, buyer and address', () => {
    const order = IMPORT_ORDER_EXAMPLE.OrderHead;
    expect(IMPORT_INVENTORY_EXAMPLE.InventoryHead).toMatchObject({
      orderNo: order.orderNo,
      ebpCode: order.ebpCode,
      ebpName: order.ebpName,
      ebcCode: order.ebcCode,
      ebcName: order.ebcName,
      buyerIdType: order.buyerIdType,
      buyerIdNumber: order.buyerIdNumber,
      buyerName: order.buyerName,
      buyerTelephone: order.buyerTelephone,
      consigneeAddress: order.consigneeAddress,
      currency: order.currency,
    });
  });

  it('has the order lines by gnum: name, quantity, price, total, currency, origin and SKU', () => {
    const byGnum = new Map(IMPORT_ORDER_EXAMPLE.OrderList.map((l) => [l.gnum, l]));
    expect(IMPORT_INVENTORY_EXAMPLE.InventoryList).toHaveLength(IMPORT_ORDER_EXAMPLE.OrderList.length);
    for (const line of IMPORT_INVENTORY_EXAMPLE.InventoryList) {
      const orderLine = byGnum.get(line.gnum);
      expect(orderLine).toBeDefined();
      expect(line).toMatchObject({
        gname: orderLine?.itemName,
        itemName: orderLine?.itemName,
        itemNo: orderLine?.itemNo,
        gmodel: orderLine?.gmodel,
        unit: orderLine?.unit,
        qty: orderLine?.qty,
        price: orderLine?.price,
        totalPrice: orderLine?.totalPrice,
        currency: orderLine?.currency,
        country: orderLine?.country,
      });
    }
  });

  it('ships on the example waybill, with the freight and weight the logistics company declared', () => {
    const waybill = IMPORT_WAYBILL_EXAMPLE.LogisticsHead;
    expect(IMPORT_INVENTORY_EXAMPLE.InventoryHead).toMatchObject({
      logisticsCode: waybill.logisticsCode,
      logisticsName: waybill.logisticsName,
      logisticsNo: waybill.logisticsNo,
      freight: waybill.freight,
      insuredFee: waybill.insuredFee,
      grossWeight: waybill.weight,
      packNo: waybill.packNo,
    });
  });

  it('is a bonded list of the demo agent out of the demo warehouse', () => {
    expect(IMPORT_INVENTORY_EXAMPLE.InventoryHead).toMatchObject({
      tradeMode: '1210',
      agentCode: DEMO_ENTERPRISES.agent.customsCode,
      agentName: DEMO_ENTERPRISES.agent.name,
      areaCode: DEMO_ENTERPRISES.warehouse.customsCode,
      areaName: DEMO_ENTERPRISES.warehouse.name,
    });
  });
});
