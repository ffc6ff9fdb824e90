import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import { DEMO_ENTERPRISES } from '../demo-enterprises';
import { EXAMPLE_INVT_NO, IMPORT_INVENTORY_EXAMPLE } from './ceb621-inventory';
import { CEB623, IMPORT_INVENTORY_CANCEL_EXAMPLE, ImportInventoryCancel } from './ceb623-inventory-cancel';

const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
const errorsOf = (plain: unknown): string[] =>
  flatten(
    validateSync(plainToInstance(ImportInventoryCancel, plain), {
      whitelist: true,
      forbidNonWhitelisted: true,
    }),
  ).sort();
const withCancel = (fields: Record<string, unknown>): unknown => ({
  InvtCancel: { ...IMPORT_INVENTORY_CANCEL_EXAMPLE.InvtCancel, ...fields },
});
const valueAt = (document: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);

describe('CEB623 ImportInventoryCancel contract', () => {
  it('accepts the example', () => {
    expect(errorsOf(IMPORT_INVENTORY_CANCEL_EXAMPLE)).toEqual([]);
  });

  it('is only ever new: appType 1, no change or delete of a cancel', () => {
    expect(errorsOf(withCancel({ appType: '2' }))).toEqual(['InvtCancel.appType:isIn']);
    expect(errorsOf(withCancel({ appType: '3' }))).toEqual(['InvtCancel.appType:isIn']);
  });

  it('requires a reason and the number of the list it cancels', () => {
    expect(errorsOf(withCancel({ reason: '', invtNo: '' }))).toEqual([
      'InvtCancel.invtNo:isLength',
      'InvtCancel.reason:isLength',
    ]);
    expect(errorsOf(withCancel({ reason: 'r'.repeat(1001), invtNo: 'I'.repeat(19) }))).toEqual([
      'InvtCancel.invtNo:isLength',
      'InvtCancel.reason:isLength',
    ]);
  });

  it('requires the id card and well-formed codes', () => {
    expect(
      errorsOf(
        withCancel({ buyerIdType: '2', customsCode: '292', agentCode: '3301980004X', appStatus: '9' }),
      ),
    ).toEqual([
      'InvtCancel.agentCode:matches',
      'InvtCancel.appStatus:isIn',
      'InvtCancel.buyerIdType:isIn',
      'InvtCancel.customsCode:matches',
    ]);
  });

  it('is the one element InvtCancel, required', () => {
    expect(errorsOf({})).toEqual(['InvtCancel:isDefined']);
    const cancel: Record<string, unknown> = { ...IMPORT_INVENTORY_CANCEL_EXAMPLE.InvtCancel };
    delete cancel.copNo;
    expect(errorsOf({ InvtCancel: cancel })).toEqual([]);
  });
});

describe('CEB623 rules', () => {
  it('has none of its own beyond the fields', () => {
    expect(CEB623.check(IMPORT_INVENTORY_CANCEL_EXAMPLE)).toEqual([]);
  });
});

describe('CEB623 descriptor', () => {
  it('is the bare InvtCancel element, sent by the declaring agent', () => {
    expect(CEB623).toMatchObject({
      rootElement: 'CEB623Message',
      documentElement: 'InvtCancel',
      headElement: 'InvtCancel',
      repeatedElements: [],
      senderRole: 'agent',
      senderCodeField: 'agentCode',
    });
    expect(valueAt(IMPORT_INVENTORY_CANCEL_EXAMPLE, `${CEB623.headElement}.${CEB623.senderCodeField}`)).toBe(
      DEMO_ENTERPRISES.agent.customsCode,
    );
  });

  it('is keyed by its order and identified by the declarant and the list it cancels', () => {
    expect(CEB623.keyOf(IMPORT_INVENTORY_CANCEL_EXAMPLE)).toBe('ORD20261121000001');
    expect(CEB623.identityOf(IMPORT_INVENTORY_CANCEL_EXAMPLE)).toBe(`3301980004:${EXAMPLE_INVT_NO}`);
    expect(CEB623.versionOf(IMPORT_INVENTORY_CANCEL_EXAMPLE)).toEqual({
      appType: '1',
      appTime: '20261122090000',
    });
  });

  it('names the buyer id number and telephone as personal data', () => {
    expect(CEB623.personalDataPaths).toEqual(['InvtCancel.buyerIdNumber', 'InvtCancel.buyerTelephone']);
    for (const path of CEB623.personalDataPaths) {
      expect(typeof valueAt(IMPORT_INVENTORY_CANCEL_EXAMPLE, path)).toBe('string');
    }
  });

  it('cancels the example list: its number, order, enterprises, waybill, buyer and district', () => {
    const list = IMPORT_INVENTORY_EXAMPLE.InventoryHead;
    expect(IMPORT_INVENTORY_CANCEL_EXAMPLE.InvtCancel).toMatchObject({
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
    expect(EXAMPLE_INVT_NO).toMatch(new RegExp(`^${list.customsCode}2026I\\d{9}$`));
  });
});
