import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor } from '../document-descriptor';
import { CEB213, EXPORT_REFUND_EXAMPLE, ExportRefund } from './ceb213-refund';
import { CEB215, EXPORT_RETURN_TALLY_EXAMPLE, ExportReturnTally } from './ceb215-return-tally';
import { EXPORT_INVENTORY_EXAMPLE, EXPORT_INVENTORY_INVT_NO } from './ceb603-inventory';
import { CEB605, EXPORT_INVENTORY_CANCEL_EXAMPLE, ExportInventoryCancel } from './ceb605-inventory-cancel';

const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
const errorsOf = (cls: new () => object, plain: unknown): string[] =>
  flatten(validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true })).sort();
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('CEB605 export list cancel', () => {
  const withCancel = (fields: Record<string, unknown>) => ({
    InvtCancel: { ...EXPORT_INVENTORY_CANCEL_EXAMPLE.InvtCancel, ...fields },
  });

  it('accepts the example, which withdraws the demo list by its customs number and copNo', () => {
    expect(errorsOf(ExportInventoryCancel, EXPORT_INVENTORY_CANCEL_EXAMPLE)).toEqual([]);
    expect(CEB605.check(EXPORT_INVENTORY_CANCEL_EXAMPLE)).toEqual([]);
    expect(EXPORT_INVENTORY_CANCEL_EXAMPLE.InvtCancel).toEqual(
      expect.objectContaining({
        invtNo: EXPORT_INVENTORY_INVT_NO,
        copNo: EXPORT_INVENTORY_EXAMPLE.InventoryHead.copNo,
        agentCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.agentCode,
      }),
    );
  });

  it('takes what the XSD allows: appType 1-3, a 20-character invtNo, a 30-character copNo, no preNo', () => {
    expect(errorsOf(ExportInventoryCancel, withCancel({ appType: '3', invtNo: 'I'.repeat(20) }))).toEqual([]);
    expect(errorsOf(ExportInventoryCancel, withCancel({ copNo: 'C'.repeat(30), preNo: undefined }))).toEqual(
      [],
    );
  });

  it('refuses what the XSD does not: a longer invtNo or copNo, no reason, a bad agent code, unknown fields', () => {
    expect(
      errorsOf(
        ExportInventoryCancel,
        withCancel({
          invtNo: 'I'.repeat(21),
          copNo: 'C'.repeat(31),
          reason: '',
          agentCode: 'X',
          orderNo: 'O1',
        }),
      ),
    ).toEqual([
      'InvtCancel.agentCode:matches',
      'InvtCancel.copNo:isLength',
      'InvtCancel.invtNo:isLength',
      'InvtCancel.orderNo:whitelistValidation',
      'InvtCancel.reason:isLength',
    ]);
  });

  it('is sent by the list declarant and keyed by the list number', () => {
    expect([CEB605.senderRole, CEB605.senderCodeField, CEB605.headElement]).toEqual([
      'agent',
      'agentCode',
      'InvtCancel',
    ]);
    expect(CEB605.keyOf(EXPORT_INVENTORY_CANCEL_EXAMPLE)).toBe(EXPORT_INVENTORY_INVT_NO);
    expect(CEB605.identityOf(EXPORT_INVENTORY_CANCEL_EXAMPLE)).toBe(
      `${DEMO_ENTERPRISES.agent.customsCode}:${EXPORT_INVENTORY_INVT_NO}`,
    );
  });
});

describe('CEB213 export return', () => {
  const withHead = (fields: Record<string, unknown>) => ({
    ...EXPORT_REFUND_EXAMPLE,
    InvtRefundHead: { ...EXPORT_REFUND_EXAMPLE.InvtRefundHead, ...fields },
  });
  const withLine = (fields: Record<string, unknown>) => ({
    ...EXPORT_REFUND_EXAMPLE,
    InvtRefundList: [{ ...EXPORT_REFUND_EXAMPLE.InvtRefundList[0], ...fields }],
  });
  const rulesOf = (refund: ExportRefund) => CEB213.check(refund).map((v) => `${v.path}:${v.rule}`);

  it('accepts the example: 2 of the 10 T-shirts of the demo list', () => {
    expect(errorsOf(ExportRefund, EXPORT_REFUND_EXAMPLE)).toEqual([]);
    expect(CEB213.check(EXPORT_REFUND_EXAMPLE)).toEqual([]);
    expect(EXPORT_REFUND_EXAMPLE.InvtRefundList).toEqual([
      expect.objectContaining({ gnum: 1, qty: '2', gcode: EXPORT_INVENTORY_EXAMPLE.InventoryList[0].gcode }),
    ]);
  });

  it('takes what the XSD allows: no loctNo/preNo/tradeMode/note, an 80-character waybill, a 4-digit HS code', () => {
    expect(
      errorsOf(
        ExportRefund,
        withHead({ tradeMode: undefined, logisticsNo: 'L'.repeat(80), loctNo: 'L1', note: '' }),
      ),
    ).toEqual([]);
    expect(errorsOf(ExportRefund, withLine({ gcode: '6109', qty2: '0.36', unit2: '035' }))).toEqual([]);
  });

  it('refuses what the XSD does not allow', () => {
    expect(
      errorsOf(ExportRefund, withHead({ ieFlag: 'E', reason: 'r'.repeat(501), coElNo: '', portCode: '29' })),
    ).toEqual([
      'InvtRefundHead.coElNo:isLength',
      'InvtRefundHead.ieFlag:isIn',
      'InvtRefundHead.portCode:matches',
      'InvtRefundHead.reason:isLength',
    ]);
    expect(errorsOf(ExportRefund, withLine({ gnum: 10000, qty: '1.123456', gcode: '61091000211' }))).toEqual([
      'InvtRefundList.0.gcode:isLength',
      'InvtRefundList.0.gnum:max',
      'InvtRefundList.0.qty:matches',
    ]);
    const line = EXPORT_REFUND_EXAMPLE.InvtRefundList[0];
    const lines = Array.from({ length: 101 }, (_, i) => ({ ...line, gnum: i + 1 }));
    expect(errorsOf(ExportRefund, { ...EXPORT_REFUND_EXAMPLE, InvtRefundList: lines })).toEqual([
      'InvtRefundList:arrayMaxSize',
    ]);
  });

  it('refuses a return from China, a line twice and a line of nothing', () => {
    const refund = clone(EXPORT_REFUND_EXAMPLE);
    refund.InvtRefundHead.country = '142';
    refund.InvtRefundList.push({ ...refund.InvtRefundList[0], qty: '0' });
    expect(rulesOf(refund)).toEqual([
      'InvtRefundHead.country:country.notChina',
      'InvtRefundList[1].gnum:gnum.unique',
      'InvtRefundList[1].qty:qty.positive',
    ]);
  });

  it('is sent by the e-commerce enterprise, keyed by the original list number, identified by its coElNo', () => {
    expect([CEB213.senderRole, CEB213.senderCodeField]).toEqual(['ebc', 'ebcCode']);
    expect(CEB213.keyOf(EXPORT_REFUND_EXAMPLE)).toBe(EXPORT_INVENTORY_INVT_NO);
    expect(CEB213.identityOf(EXPORT_REFUND_EXAMPLE)).toBe(
      `${DEMO_ENTERPRISES.seller.customsCode}:RTN20261201000001`,
    );
  });
});

describe('CEB215 export return tally', () => {
  const withDetail = (fields: Record<string, unknown>) => ({
    InvtRefundDetail: { ...EXPORT_RETURN_TALLY_EXAMPLE.InvtRefundDetail, ...fields },
  });

  it('accepts the example, which names the parcel of the example return', () => {
    expect(errorsOf(ExportReturnTally, EXPORT_RETURN_TALLY_EXAMPLE)).toEqual([]);
    const detail = EXPORT_RETURN_TALLY_EXAMPLE.InvtRefundDetail;
    const head = EXPORT_REFUND_EXAMPLE.InvtRefundHead;
    expect([detail.logisticsCode, detail.logisticsNo, detail.invtNo]).toEqual([
      head.logisticsCode,
      head.logisticsNo,
      head.invtNo,
    ]);
  });

  it('takes a tally without invtNo, location or note (optional in the XSD)', () => {
    expect(errorsOf(ExportReturnTally, withDetail({ invtNo: undefined, location: undefined }))).toEqual([]);
  });

  it('refuses a 21-character coElNo (XSD C..20 here), a bad operator code and an export flag', () => {
    expect(
      errorsOf(ExportReturnTally, withDetail({ coElNo: 'T'.repeat(21), operatorCode: 'X', ieFlag: 'E' })),
    ).toEqual([
      'InvtRefundDetail.coElNo:isLength',
      'InvtRefundDetail.ieFlag:isIn',
      'InvtRefundDetail.operatorCode:matches',
    ]);
  });

  it('is sent by the supervised-site operator and keyed by the parcel', () => {
    const d = CEB215 as unknown as DocumentDescriptor;
    expect([d.senderRole, d.senderCodeField]).toEqual(['warehouse', 'operatorCode']);
    expect(CEB215.keyOf(EXPORT_RETURN_TALLY_EXAMPLE)).toBe(
      `${DEMO_ENTERPRISES.logistics.customsCode}:RTNLN2026120100001`,
    );
  });
});
