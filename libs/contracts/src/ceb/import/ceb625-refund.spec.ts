import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import { DEMO_ENTERPRISES } from '../demo-enterprises';
import { dec } from '../decimal';
import { EXAMPLE_INVT_NO, IMPORT_INVENTORY_EXAMPLE } from './ceb621-inventory';
import { CEB625, IMPORT_REFUND_EXAMPLE, ImportRefund } from './ceb625-refund';

const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
const errorsOf = (plain: unknown): string[] =>
  flatten(
    validateSync(plainToInstance(ImportRefund, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).sort();
const withHead = (fields: Record<string, unknown>): unknown => ({
  ...IMPORT_REFUND_EXAMPLE,
  InvtRefundHead: { ...IMPORT_REFUND_EXAMPLE.InvtRefundHead, ...fields },
});
const withLine = (fields: Record<string, unknown>): unknown => ({
  ...IMPORT_REFUND_EXAMPLE,
  InvtRefundList: [{ ...IMPORT_REFUND_EXAMPLE.InvtRefundList[0], ...fields }],
});
const rulesOf = (refund: ImportRefund): string[] => CEB625.check(refund).map((v) => `${v.path}:${v.rule}`);
const valueAt = (document: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);

describe('CEB625 ImportRefund contract', () => {
  it('accepts the example', () => {
    expect(errorsOf(IMPORT_REFUND_EXAMPLE)).toEqual([]);
  });

  it('requires the id card, a reason, the original list number and well-formed codes', () => {
    expect(
      errorsOf(
        withHead({ buyerIdType: '2', reason: '', invtNo: 'I'.repeat(19), customsCode: 'HZ', appType: '4' }),
      ),
    ).toEqual([
      'InvtRefundHead.appType:isIn',
      'InvtRefundHead.buyerIdType:isIn',
      'InvtRefundHead.customsCode:matches',
      'InvtRefundHead.invtNo:isLength',
      'InvtRefundHead.reason:isLength',
    ]);
  });

  it('validates the returned lines: original gnum, HS code, decimal quantity, unit code', () => {
    expect(errorsOf(withLine({ gnum: 0, gcode: '1901.10.10', qty: 1, unit: '12' }))).toEqual([
      'InvtRefundList.0.gcode:matches',
      'InvtRefundList.0.gnum:min',
      'InvtRefundList.0.qty:matches',
      'InvtRefundList.0.unit:matches',
    ]);
    expect(errorsOf(withLine({ gname: 'g'.repeat(251), price: '100.00' }))).toEqual([
      'InvtRefundList.0.gname:isLength',
      'InvtRefundList.0.price:whitelistValidation',
    ]);
  });

  it('requires the head and 1..99 lines', () => {
    expect(errorsOf({ InvtRefundList: IMPORT_REFUND_EXAMPLE.InvtRefundList })).toEqual([
      'InvtRefundHead:isDefined',
    ]);
    expect(errorsOf({ ...IMPORT_REFUND_EXAMPLE, InvtRefundList: [] })).toEqual([
      'InvtRefundList:arrayMinSize',
    ]);
    const line = IMPORT_REFUND_EXAMPLE.InvtRefundList[0];
    const lines = Array.from({ length: 100 }, (_, i) => ({ ...line, gnum: i + 1 }));
    expect(errorsOf({ ...IMPORT_REFUND_EXAMPLE, InvtRefundList: lines })).toEqual([
      'InvtRefundList:arrayMaxSize',
    ]);
  });
});

describe('CEB625 rules', () => {
  it('finds nothing wrong with the example', () => {
    expect(CEB625.check(IMPORT_REFUND_EXAMPLE)).toEqual([]);
  });

  it('numbers lines as the original list does: any order, gaps allowed, each line once', () => {
    const refund = structuredClone(IMPORT_REFUND_EXAMPLE);
    const line = refund.InvtRefundList[0];
    refund.InvtRefundList = [
      { ...line, gnum: 3 },
      { ...line, gnum: 1 },
    ];
    expect(rulesOf(refund)).toEqual([]);
    refund.InvtRefundList.push({ ...line, gnum: 3 });
    expect(rulesOf(refund)).toEqual(['InvtRefundList[2].gnum:gnum.unique']);
  });

  it('returns a quantity above 0', () => {
    const refund = structuredClone(IMPORT_REFUND_EXAMPLE);
    refund.InvtRefundList[0].qty = '0.00000';
    expect(rulesOf(refund)).toEqual(['InvtRefundList[0].qty:qty.positive']);
  });
});

describe('CEB625 descriptor', () => {
  it('is sent by the declaring agent, like the list it returns goods of', () => {
    expect(CEB625).toMatchObject({
      rootElement: 'CEB625Message',
      documentElement: 'InvtRefund',
      headElement: 'InvtRefundHead',
      repeatedElements: ['InvtRefundList'],
      senderRole: 'agent',
      senderCodeField: 'agentCode',
    });
    expect(valueAt(IMPORT_REFUND_EXAMPLE, `${CEB625.headElement}.${CEB625.senderCodeField}`)).toBe(
      DEMO_ENTERPRISES.agent.customsCode,
    );
  });

  it('is keyed by its order and identified by the declarant and the list', () => {
    expect(CEB625.keyOf(IMPORT_REFUND_EXAMPLE)).toBe('ORD20261121000001');
    expect(CEB625.identityOf(IMPORT_REFUND_EXAMPLE)).toBe(`3301980004:${EXAMPLE_INVT_NO}`);
    expect(CEB625.versionOf(IMPORT_REFUND_EXAMPLE)).toEqual({ appType: '1', appTime: '20261125100000' });
  });

  it('names the buyer id number and telephone as personal data', () => {
    expect(CEB625.personalDataPaths).toEqual([
      'InvtRefundHead.buyerIdNumber',
      'InvtRefundHead.buyerTelephone',
    ]);
    for (const path of CEB625.personalDataPaths) {
      expect(typeof valueAt(IMPORT_REFUND_EXAMPLE, path)).toBe('string');
    }
  });

  it('returns goods of the example list: same list, order, parties and buyer', () => {
    const list = IMPORT_INVENTORY_EXAMPLE.InventoryHead;
    expect(IMPORT_REFUND_EXAMPLE.InvtRefundHead).toMatchObject({
      invtNo: EXAMPLE_INVT_NO,
      copNo: list.copNo,
      customsCode: list.customsCode,
      orderNo: list.orderNo,
      ebpCode: list.ebpCode,
      ebcCode: list.ebcCode,
      logisticsCode: list.logisticsCode,
      logisticsNo: list.logisticsNo,
      buyerIdType: list.buyerIdType,
      buyerIdNumber: list.buyerIdNumber,
      buyerName: list.buyerName,
      buyerTelephone: list.buyerTelephone,
      agentCode: list.agentCode,
    });
  });

  it('returns lines of the list by gnum, in its unit, at most its quantity', () => {
    const byGnum = new Map(IMPORT_INVENTORY_EXAMPLE.InventoryList.map((l) => [l.gnum, l]));
    for (const line of IMPORT_REFUND_EXAMPLE.InvtRefundList) {
      const listLine = byGnum.get(line.gnum);
      expect(listLine).toBeDefined();
      expect(line).toMatchObject({ gcode: listLine?.gcode, gname: listLine?.gname, unit: listLine?.unit });
      expect(dec(line.qty).lessThanOrEqualTo(listLine?.qty ?? '0')).toBe(true);
    }
  });
});
