import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { CEB303, EXPORT_ORDER_EXAMPLE, ExportOrder } from './ceb303-order';

const names = (errors: ValidationError[], at = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${at}${e.property}.${c}`),
    ...names(e.children ?? [], `${at}${e.property}.`),
  ]);
const errorsOf = (plain: object): string[] =>
  names(
    validateSync(plainToInstance(ExportOrder, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).sort();
const example = (): ExportOrder => structuredClone(EXPORT_ORDER_EXAMPLE);

describe('CEB303 ExportOrder contract', () => {
  it('accepts the example order', () => {
    expect(errorsOf(example())).toEqual([]);
  });

  it('accepts any customs currency (not only RMB) and every export order type', () => {
    for (const orderType of ['E', 'B', 'W'] as const) {
      const order = example();
      order.OrderHead.orderType = orderType;
      order.OrderHead.currency = '502';
      order.OrderList.forEach((line) => (line.currency = '502'));
      expect(errorsOf(order)).toEqual([]);
      expect(CEB303.check(order)).toEqual([]);
    }
  });

  it('keeps amounts as decimal strings and refuses JS numbers and too many decimals', () => {
    const order = example();
    const broken = { ...order, OrderHead: { ...order.OrderHead, goodsValue: 607, freight: '35.123456' } };
    expect(errorsOf(broken)).toEqual(['OrderHead.freight.matches', 'OrderHead.goodsValue.matches']);
  });

  it('refuses the import order type, currencies that are not JGS-20 codes and import-only fields', () => {
    const order = example();
    const broken = {
      ...order,
      OrderHead: { ...order.OrderHead, orderType: 'I', currency: 'USD', buyerIdNumber: '110101199003070012' },
    };
    expect(errorsOf(broken)).toEqual([
      'OrderHead.buyerIdNumber.whitelistValidation',
      'OrderHead.currency.matches',
      'OrderHead.orderType.isIn',
    ]);
  });

  it('requires the head and 1..100 lines (the export XSD allows 100)', () => {
    const { OrderList } = example();
    expect(errorsOf({ OrderList })).toEqual(['OrderHead.isDefined']);
    const many = Array.from({ length: 101 }, (_, i) => ({ ...OrderList[0], gnum: i + 1 }));
    expect(errorsOf({ ...example(), OrderList: many })).toEqual(['OrderList.arrayMaxSize']);
    expect(errorsOf({ ...example(), OrderList: many.slice(0, 100) })).toEqual([]);
  });

  it('checks every line: 30-char item numbers, 3-digit units, integer gnum', () => {
    const order = example();
    order.OrderList[0] = { ...order.OrderList[0], itemNo: 'X'.repeat(31), unit: 'PCS', gnum: 1.5 };
    expect(errorsOf(order)).toEqual([
      'OrderList.0.gnum.isInt',
      'OrderList.0.itemNo.isLength',
      'OrderList.0.unit.matches',
    ]);
  });
});

describe('CEB303 rules', () => {
  const rules = (order: ExportOrder) => CEB303.check(order).map((v) => `${v.path}:${v.rule}`);

  it('finds nothing wrong with the example', () => {
    expect(CEB303.check(EXPORT_ORDER_EXAMPLE)).toEqual([]);
  });

  it('refuses a line whose total is not qty × price, comparing at 2 places', () => {
    const order = example();
    order.OrderList[0].price = '45.50001';
    expect(rules(order)).toEqual([]);
    order.OrderList[0].price = '45.51';
    expect(rules(order)).toEqual(['OrderList[0].totalPrice:totalPrice.equalsQtyTimesPrice']);
  });

  it('refuses goodsValue that is not the sum of the lines', () => {
    const order = example();
    order.OrderHead.goodsValue = '607.01';
    expect(rules(order)).toEqual(['OrderHead.goodsValue:goodsValue.equalsLineTotals']);
  });

  it('refuses lines not numbered 1..n', () => {
    const order = example();
    order.OrderList[1].gnum = 3;
    expect(rules(order)).toEqual(['OrderList[1].gnum:gnum.sequence']);
  });

  it('refuses a line in another currency than the head, which goodsValue could not sum', () => {
    const order = example();
    order.OrderList[1].currency = '502';
    expect(rules(order)).toEqual(['OrderList[1].currency:currency.equalsHeadCurrency']);
  });
});

describe('CEB303 descriptor', () => {
  it('is an export order sent by the platform in its own name', () => {
    expect(CEB303).toMatchObject({
      messageType: 'CEB303',
      flow: 'export',
      rootElement: 'CEB303Message',
      documentElement: 'Order',
      headElement: 'OrderHead',
      repeatedElements: ['OrderList'],
      senderRole: 'ebp',
      senderCodeField: 'ebpCode',
    });
  });

  it('keys by order number and identifies by platform and order number', () => {
    expect(CEB303.keyOf(EXPORT_ORDER_EXAMPLE)).toBe('EXP20261121000001');
    expect(CEB303.identityOf(EXPORT_ORDER_EXAMPLE)).toBe('3301960001:EXP20261121000001');
    expect(CEB303.versionOf(EXPORT_ORDER_EXAMPLE)).toEqual({ appType: '1', appTime: '20261121100000' });
  });

  it('has no personal data: the export order names no buyer', () => {
    expect(CEB303.personalDataPaths).toEqual([]);
  });
});
