import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { importOrder } from '@swx/testing';

import { ImportOrder } from './ceb311-order';

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
