import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { DEMO_ENTERPRISES, FOREX_TX_EXAMPLE, ForexTransactionRecorded } from '@swx/contracts';

import { viewOf } from './transaction-queries';
import { recordedEvent, type TransactionRow } from './transaction-store';

const row = (over: Partial<TransactionRow> = {}): TransactionRow => ({
  transaction_id: FOREX_TX_EXAMPLE,
  flow: 'export',
  ebp_code: DEMO_ENTERPRISES.platform.customsCode,
  order_no: 'EXP20261121000001',
  enterprise_code: DEMO_ENTERPRISES.seller.customsCode,
  enterprise_name: DEMO_ENTERPRISES.seller.name,
  order_message_id: 'm-303',
  order_amount: '607.00',
  order_freight: '35.00',
  order_currency: '142',
  receipt_message_id: 'm-403',
  receipt_amount: '642.00',
  receipt_currency: '142',
  payer_name: DEMO_ENTERPRISES.payment.name,
  pay_no: 'PAY20261121000001',
  list_message_id: 'm-603',
  list_amount: '607.00',
  list_currency: '142',
  list_lines: { '1': '45.50', '2': '38.00' },
  trade_mode: '9610',
  country: '502',
  list_cop_no: 'C20261121000001',
  logistics_no: 'LN20261121000001',
  invt_no: '29242026E000000001',
  departure_cop_no: 'DEP20261121000001',
  departed_at: new Date('2026-11-21T06:00:00.000Z'),
  currency: 'CNY',
  declared_amount: '642.00',
  reversed_amount: '0.00',
  settled_amount: '0.00',
  converted_amount: '0.00',
  fees_amount: '0.00',
  authenticity: 'verified',
  reasons: [],
  recorded_at: new Date('2026-11-21T06:00:01.000Z'),
  version: 2,
  updated_at: new Date('2026-11-21T06:00:01.000Z'),
  ...over,
});

const errorsOf = (payload: object): string[] =>
  validateSync(plainToInstance(ForexTransactionRecorded, payload)).map((e) => e.property);

describe('the transaction recorded event', () => {
  it('carries the seller, country, payer, list and departure references a bank also pulls, as the pull gives them', () => {
    const event = recordedEvent(row(), '642.00');
    expect(event).toMatchObject({
      enterpriseName: DEMO_ENTERPRISES.seller.name,
      country: '502',
      payerName: DEMO_ENTERPRISES.payment.name,
      payNo: 'PAY20261121000001',
      listCopNo: 'C20261121000001',
      invtNo: '29242026E000000001',
      logisticsNo: 'LN20261121000001',
      departureCopNo: 'DEP20261121000001',
      departedAt: '2026-11-21T06:00:00.000Z',
      tradeMode: '9610',
    });
    // Every field the event and the pull share has the same value in both.
    const view = viewOf(row()) as unknown as Record<string, unknown>;
    const shared = Object.keys(event).filter((k) => k in view && k !== 'version');
    expect(shared.length).toBeGreaterThanOrEqual(20);
    for (const k of shared)
      expect({ k, v: (event as unknown as Record<string, unknown>)[k] }).toEqual({ k, v: view[k] });
    expect(errorsOf(event)).toEqual([]);
  });

  it('leaves out what no document brought yet, and still validates (the new fields are optional)', () => {
    const bare = recordedEvent(
      row({
        enterprise_name: null,
        country: null,
        payer_name: null,
        pay_no: null,
        list_cop_no: null,
        invt_no: null,
        logistics_no: null,
        departure_cop_no: null,
        departed_at: null,
        trade_mode: null,
      }),
      '642.00',
    );
    for (const k of [
      'enterpriseName',
      'country',
      'payerName',
      'listCopNo',
      'invtNo',
      'departureCopNo',
      'departedAt',
    ])
      expect(bare).not.toHaveProperty(k);
    expect(errorsOf(bare)).toEqual([]);
    expect(errorsOf({ ...bare, country: 'United States', departedAt: 'yesterday' }).sort()).toEqual([
      'country',
      'departedAt',
    ]);
  });
});
