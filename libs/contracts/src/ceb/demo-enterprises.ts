import type { EnterpriseRole } from './document-descriptor';

/**
 * The demo set: enterprises that the Swagger examples and the fixtures use, registered at `npm start` in local
 * mode so a new user can run a whole order/payment/waybill/list flow from the console. Credit codes carry
 * valid GB 32100-2015 check characters; the payment company is Tenpay's real customs and credit code.
 */
export interface DemoEnterprise {
  customsCode: string;
  creditCode: string;
  name: string;
  roles: EnterpriseRole[];
}

export const DEMO_ENTERPRISES = {
  platform: {
    customsCode: '3301960001',
    creditCode: '91330100MA27XK001P',
    name: '杭州示范跨境电商平台有限公司',
    roles: ['ebp'],
  },
  seller: {
    customsCode: '3301960002',
    creditCode: '91330100MA27XK002T',
    name: '示范海外旗舰店',
    roles: ['ebc'],
  },
  payment: {
    customsCode: '4403169D3W',
    creditCode: '91440300708461136T',
    name: '财付通支付科技有限公司',
    roles: ['pay'],
  },
  logistics: {
    customsCode: '3301980003',
    creditCode: '91330100MA27XK003X',
    name: '示范国际物流有限公司',
    roles: ['logistics'],
  },
  agent: {
    customsCode: '3301980004',
    creditCode: '91330100MA27XK0041',
    name: '示范报关有限公司',
    roles: ['agent'],
  },
  warehouse: {
    customsCode: '3301980005',
    creditCode: '91330100MA27XK0054',
    name: '示范保税仓储有限公司',
    roles: ['warehouse'],
  },
} as const satisfies Record<string, DemoEnterprise>;

/** The demo buyer of the example documents (personal data: fictitious). */
export const DEMO_BUYER = {
  name: '张三',
  idNumber: '110101199003070012',
  telephone: '13800000000',
  regNo: 'buyer-0001',
  address: '浙江省杭州市西湖区文三路 1 号',
};

/**
 * The demo individual seller (个人电商, personal data fictitious): registered at `npm start` with its own client and
 * the demo bank named, so the personal FX settlement account examples (forex) work on a fresh start. Not the
 * registry's individual example (33019600P1), which stays free to be registered.
 */
export const DEMO_INDIVIDUAL_SELLER = {
  customsCode: '33019600P2',
  kind: 'individual',
  idNumber: '330106198805120027',
  name: '王小芳',
  telephone: '13900000002',
  roles: ['ebc'],
} as const;

/** The demo bank (forex): registered at `npm start`, named by the demo seller and the demo individual seller. */
export const DEMO_BANK = {
  swiftCode: 'BKCHCNBJ330',
  cnapsCode: '104331000018',
  name: '中国银行浙江省分行',
} as const;
