import type { ListFacts } from '../volumes/facts';
import { verifyB2b } from './verification';

const list: ListFacts = {
  flow: 'export',
  identity: 'AGENT00001:COP1',
  orderNo: 'O1',
  appTime: '20261121103000',
  tradeMode: '9710',
  ebpCode: 'PLATFORM01',
  ebcCode: 'SELLER0001',
  agentCode: 'AGENT00001',
  logisticsCode: 'CARRIER001',
  logisticsNo: 'W1',
  country: '502',
  lines: [
    { gcode: '8517130000', currency: '502', value: '600.10' },
    { gcode: '8517130000', currency: '502', value: '399.90' },
  ],
};
const order = { orderType: 'B', ebcCode: 'SELLER0001', goodsValue: '1000', freight: '20.5', currency: '502' };
const receipt = { ebcCode: 'SELLER0001', charge: '1020.50', currency: '502' };
const rules = (...args: Parameters<typeof verifyB2b>) => verifyB2b(...args).map((m) => m.rule);

describe('B2B statistical verification (S9)', () => {
  it('verifies a list whose order, payment and waybill agree (amounts at 2 places)', () => {
    expect(rules(list, order, receipt, { ebcCode: 'SELLER0001' })).toEqual([]);
    expect(rules(list, order, receipt, {})).toEqual([]);
  });

  it('lists every missing document', () => {
    expect(rules(list, null, null, null)).toEqual(['order.missing', 'payment.missing', 'waybill.missing']);
  });

  it('names each mismatch', () => {
    expect(rules({ ...list, tradeMode: '9810' }, order, receipt, {})).toEqual(['order.type']);
    expect(rules(list, { ...order, ebcCode: 'OTHER00001' }, receipt, {})).toEqual(['order.seller']);
    expect(rules(list, { ...order, goodsValue: '999.99' }, { ...receipt, charge: '1020.49' }, {})).toEqual([
      'order.value',
    ]);
    expect(rules(list, { ...order, currency: '300' }, { ...receipt, currency: '300' }, {})).toEqual([
      'order.currency',
    ]);
    expect(rules(list, order, { ...receipt, charge: '1000' }, {})).toEqual(['payment.amount']);
    expect(rules(list, order, { ...receipt, currency: '142' }, {})).toEqual(['payment.currency']);
    expect(rules(list, order, { ...receipt, ebcCode: 'OTHER00001' }, {})).toEqual(['payment.seller']);
    expect(rules(list, order, receipt, { ebcCode: 'OTHER00001' })).toEqual(['waybill.seller']);
  });
});
