import { randomUUID } from 'node:crypto';

import type { ImportOrder } from '@swx/contracts';

export const DEMO_ENTERPRISES = {
  platform: { code: '3301960001', name: '杭州示范跨境电商平台有限公司' },
  seller: { code: '3301960002', name: '示范海外旗舰店' },
  payment: { code: '4403169D3W', name: '财付通支付科技有限公司' },
};

/** A consistent CEB311 import order: 2 × 100.00 goods + 10.00 freight + 23.28 withheld tax = 233.28 paid. */
export function importOrder(
  overrides: { orderNo?: string; ebpCode?: string; appType?: '1' | '2' | '3' } = {},
): ImportOrder {
  return {
    OrderHead: {
      guid: randomUUID().toUpperCase(),
      appType: overrides.appType ?? '1',
      appTime: '20261121093000',
      appStatus: '2',
      orderType: 'I',
      orderNo: overrides.orderNo ?? `ORD-${randomUUID().slice(0, 18)}`,
      ebpCode: overrides.ebpCode ?? DEMO_ENTERPRISES.platform.code,
      ebpName: DEMO_ENTERPRISES.platform.name,
      ebcCode: DEMO_ENTERPRISES.seller.code,
      ebcName: DEMO_ENTERPRISES.seller.name,
      goodsValue: '200.00',
      freight: '10.00',
      discount: '0',
      taxTotal: '23.28',
      acturalPaid: '233.28',
      currency: '142',
      buyerRegNo: 'buyer-0001',
      buyerName: '张三',
      buyerTelephone: '13800000000',
      buyerIdType: '1',
      buyerIdNumber: '110101199003070012',
      payCode: DEMO_ENTERPRISES.payment.code,
      payName: DEMO_ENTERPRISES.payment.name,
      payTransactionId: `PAY-${randomUUID().slice(0, 18)}`,
      consignee: '张三',
      consigneeTelephone: '13800000000',
      consigneeAddress: '浙江省杭州市西湖区文三路 1 号',
    },
    OrderList: [
      {
        gnum: 1,
        itemNo: 'SKU-0001',
        itemName: '婴儿配方奶粉',
        gmodel: '900克/罐',
        unit: '122',
        qty: '2',
        price: '100.00',
        totalPrice: '200.00',
        currency: '142',
        country: '116',
      },
    ],
  };
}
