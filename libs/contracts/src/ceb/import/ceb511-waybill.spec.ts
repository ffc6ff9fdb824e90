import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import { IMPORT_ORDER_EXAMPLE } from './ceb311-order';
import { CEB511, EXAMPLE_LOGISTICS_NO, IMPORT_WAYBILL_EXAMPLE, ImportWaybill } from './ceb511-waybill';

const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
const errorsOf = (plain: unknown): string[] =>
  flatten(
    validateSync(plainToInstance(ImportWaybill, plain), { whitelist: true, forbidNonWhitelisted: true }),
  );
const withHead = (fields: Record<string, unknown>): unknown => ({
  LogisticsHead: { ...IMPORT_WAYBILL_EXAMPLE.LogisticsHead, ...fields },
});
const valueAt = (document: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);

describe('CEB511 ImportWaybill contract', () => {
  it('accepts the example', () => {
    expect(errorsOf(IMPORT_WAYBILL_EXAMPLE)).toEqual([]);
  });

  it('keeps weight, freight and insuredFee decimal strings', () => {
    expect(errorsOf(withHead({ weight: 2.1, freight: '10.123456', insuredFee: '-1' })).sort()).toEqual([
      'LogisticsHead.freight:matches',
      'LogisticsHead.insuredFee:matches',
      'LogisticsHead.weight:matches',
    ]);
  });

  it('limits packNo to one parcel, an integer', () => {
    expect(errorsOf(withHead({ packNo: 2 }))).toEqual(['LogisticsHead.packNo:isIn']);
    expect(errorsOf(withHead({ packNo: '1' })).sort()).toEqual([
      'LogisticsHead.packNo:isIn',
      'LogisticsHead.packNo:isInt',
    ]);
  });

  it('requires RMB and well-formed codes and times', () => {
    const errors = errorsOf(
      withHead({ currency: '502', logisticsCode: '3301-98003', appTime: '20261121', appStatus: '0' }),
    );
    expect(errors.sort()).toEqual([
      'LogisticsHead.appStatus:isIn',
      'LogisticsHead.appTime:matches',
      'LogisticsHead.currency:isIn',
      'LogisticsHead.logisticsCode:matches',
    ]);
  });

  it('holds the XSD lengths', () => {
    const errors = errorsOf(
      withHead({ logisticsNo: 'L'.repeat(61), billNo: 'B'.repeat(38), goodsInfo: 'g'.repeat(201) }),
    );
    expect(errors.sort()).toEqual([
      'LogisticsHead.billNo:maxLength',
      'LogisticsHead.goodsInfo:maxLength',
      'LogisticsHead.logisticsNo:isLength',
    ]);
  });

  it('requires the mandatory fields and the head, accepts without the optional ones', () => {
    const head: Record<string, unknown> = { ...IMPORT_WAYBILL_EXAMPLE.LogisticsHead };
    delete head.freight;
    delete head.insuredFee;
    delete head.goodsInfo;
    expect(errorsOf({ LogisticsHead: head })).toEqual([]);
    delete head.consigneeTelephone;
    expect(errorsOf({ LogisticsHead: head }).sort()).toEqual([
      'LogisticsHead.consigneeTelephone:isLength',
      'LogisticsHead.consigneeTelephone:isString',
    ]);
    expect(errorsOf({})).toEqual(['LogisticsHead:isDefined']);
  });
});

describe('CEB511 rules', () => {
  it('finds nothing wrong with the example', () => {
    expect(CEB511.check(IMPORT_WAYBILL_EXAMPLE)).toEqual([]);
  });

  it('refuses a parcel without weight', () => {
    const waybill = structuredClone(IMPORT_WAYBILL_EXAMPLE);
    waybill.LogisticsHead.weight = '0.00000';
    expect(CEB511.check(waybill)).toEqual([
      expect.objectContaining({ path: 'LogisticsHead.weight', rule: 'weight.positive' }),
    ]);
    waybill.LogisticsHead.weight = '0.00001';
    expect(CEB511.check(waybill)).toEqual([]);
  });
});

describe('CEB511 descriptor', () => {
  it('is sent by the logistics company, keyed by order, identified by logisticsCode and logisticsNo', () => {
    expect(CEB511).toMatchObject({
      rootElement: 'CEB511Message',
      documentElement: 'Logistics',
      headElement: 'LogisticsHead',
      senderRole: 'logistics',
      senderCodeField: 'logisticsCode',
    });
    expect(valueAt(IMPORT_WAYBILL_EXAMPLE, `${CEB511.headElement}.${CEB511.senderCodeField}`)).toBe(
      '3301980003',
    );
    expect(CEB511.keyOf(IMPORT_WAYBILL_EXAMPLE)).toBe('ORD20261121000001');
    expect(CEB511.identityOf(IMPORT_WAYBILL_EXAMPLE)).toBe(`3301980003:${EXAMPLE_LOGISTICS_NO}`);
    expect(CEB511.versionOf(IMPORT_WAYBILL_EXAMPLE)).toEqual({ appType: '1', appTime: '20261121100000' });
  });

  it('names the consignee telephone as personal data', () => {
    expect(CEB511.personalDataPaths).toEqual(['LogisticsHead.consigneeTelephone']);
    expect(valueAt(IMPORT_WAYBILL_EXAMPLE, CEB511.personalDataPaths[0])).toBe('13800000000');
  });

  it('carries the example order to its consignee: same order, name, telephone, address and freight', () => {
    const order = IMPORT_ORDER_EXAMPLE.OrderHead;
    expect(IMPORT_WAYBILL_EXAMPLE.LogisticsHead).toMatchObject({
      orderNo: order.orderNo,
      consignee: order.consignee,
      consigneeTelephone: order.consigneeTelephone,
      consigneeAddress: order.consigneeAddress,
      freight: order.freight,
      currency: order.currency,
    });
  });
});
