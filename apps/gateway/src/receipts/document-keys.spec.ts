import { importOrder } from '@swx/testing';

import { documentKeysOf } from './document-keys';

describe('documentKeysOf', () => {
  it('takes the return keys from the head of a stored order', () => {
    const order = importOrder();
    expect(documentKeysOf(order)).toEqual({
      guid: order.OrderHead.guid,
      ebpCode: order.OrderHead.ebpCode,
      ebcCode: order.OrderHead.ebcCode,
      orderNo: order.OrderHead.orderNo,
      payCode: order.OrderHead.payCode,
      payTransactionId: order.OrderHead.payTransactionId,
    });
  });

  it('gives no keys for a document without a head', () => {
    expect(documentKeysOf({ OrderList: [{ gnum: 1 }] })).toEqual({});
    expect(documentKeysOf(null)).toEqual({});
    expect(documentKeysOf('text')).toEqual({});
  });
});
