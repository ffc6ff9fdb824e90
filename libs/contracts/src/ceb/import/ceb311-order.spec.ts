import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { importOrder } from '@swx/testing';

import { CEB311, IMPORT_ORDER_EXAMPLE, ImportOrder } from './ceb311-order';

const errorsOf = (plain: unknown) =>
  validateSync(plainToInstance(ImportOrder, plain), { whitelist: true, forbidNonWhitelisted: true }).flatMap(
    (e) =>
      (e.children ?? []).flatMap((c) => [
        ...Object.keys(c.constraints ?? {}).map((rule) => `${e.property}.${c.property}:${rule}`),
        ...(c.children ?? []).flatMap((g) =>
          Object.keys(g.constraints ?? {}).map((rule) => `${e.property}.${c.property}.${g.property}:${rule}`),
        ),
      ]),
  );

describe('CEB311 ImportOrder contract', () => {
  it('accepts the consistent fixture order', () => {
    expect(errorsOf(importOrder())).toEqual([]);
  });

  it('keeps amounts as decimal strings and refuses JS numbers and too many decimals', () => {
    const order = importOrder();
    const broken = { ...order, OrderHead: { ...order.OrderHead, goodsValue: 200, freight: '1.123456' } };
    expect(errorsOf(broken)).toEqual(
      expect.arrayContaining(['OrderHead.goodsValue:matches', 'OrderHead.freight:matches']),
    );
  });

  it('requires RMB, the id card, an import order type and a well-formed guid and appTime', () => {
    const order = importOrder();
    const broken = {
      ...order,
      OrderHead: {
        ...order.OrderHead,
        currency: '502',
        buyerIdType: '2',
        orderType: 'E',
        guid: order.OrderHead.guid.toLowerCase(),
        appTime: '2026-11-21',
      },
    };
    expect(errorsOf(broken)).toEqual(
      expect.arrayContaining([
        'OrderHead.currency:isIn',
        'OrderHead.buyerIdType:isIn',
        'OrderHead.orderType:isIn',
        'OrderHead.guid:matches',
        'OrderHead.appTime:matches',
      ]),
    );
  });

  it('validates every goods line and the line count limits', () => {
    const order = importOrder();
    const errors = validateSync(plainToInstance(ImportOrder, { ...order, OrderList: [] }));
    expect(errors.map((e) => Object.keys(e.constraints ?? {})).flat()).toContain('arrayMinSize');
    const line = { ...order.OrderList[0], unit: 'KG', gnum: 0 };
    expect(errorsOf({ ...order, OrderList: [line] })).toEqual(
      expect.arrayContaining(['OrderList.0.unit:matches', 'OrderList.0.gnum:min']),
    );
  });
});

describe('CEB311 arithmetic', () => {
  it('finds nothing wrong with the example', () => {
    expect(CEB311.check(IMPORT_ORDER_EXAMPLE)).toEqual([]);
  });

  it('refuses acturalPaid that is not goods + freight + tax − discount', () => {
    const order = structuredClone(IMPORT_ORDER_EXAMPLE);
    order.OrderHead.acturalPaid = '233.29';
    expect(CEB311.check(order)).toEqual([
      expect.objectContaining({
        path: 'OrderHead.acturalPaid',
        rule: 'acturalPaid.equalsGoodsFreightTaxMinusDiscount',
      }),
    ]);
  });

  it('accepts a discount and compares at 2 places', () => {
    const order = structuredClone(IMPORT_ORDER_EXAMPLE);
    order.OrderHead.discount = '3.28';
    order.OrderHead.acturalPaid = '230.00000';
    expect(CEB311.check(order)).toEqual([]);
  });

  it('refuses a line whose total is not qty × price, and goodsValue that is not the lines’ sum', () => {
    const order = structuredClone(IMPORT_ORDER_EXAMPLE);
    order.OrderList[0].qty = '3';
    expect(CEB311.check(order).map((v) => v.rule)).toEqual(['totalPrice.equalsQtyTimesPrice']);
    order.OrderList[0].totalPrice = '300.00';
    expect(CEB311.check(order).map((v) => `${v.path}:${v.rule}`)).toEqual([
      'OrderHead.goodsValue:goodsValue.equalsLineTotals',
    ]);
  });

  it('refuses lines not numbered 1..n', () => {
    const order = structuredClone(IMPORT_ORDER_EXAMPLE);
    order.OrderList = [order.OrderList[0], { ...order.OrderList[0], gnum: 3 }];
    order.OrderHead.goodsValue = '400.00';
    order.OrderHead.acturalPaid = '433.28';
    expect(CEB311.check(order)).toEqual([
      expect.objectContaining({ path: 'OrderList[1].gnum', rule: 'gnum.sequence' }),
    ]);
  });

  it('keys the order by its order number and names its personal data', () => {
    expect(CEB311.keyOf(IMPORT_ORDER_EXAMPLE)).toBe('ORD20261121000001');
    expect(CEB311.personalDataPaths).toContain('OrderHead.buyerIdNumber');
  });
});
