import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { CEB505, EXPORT_WAYBILL_EXAMPLE, ExportWaybill } from './ceb505-waybill';

const names = (errors: ValidationError[], at = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${at}${e.property}.${c}`),
    ...names(e.children ?? [], `${at}${e.property}.`),
  ]);
const errorsOf = (plain: object): string[] =>
  names(
    validateSync(plainToInstance(ExportWaybill, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).sort();
const example = (): ExportWaybill => structuredClone(EXPORT_WAYBILL_EXAMPLE);

describe('CEB505 ExportWaybill contract', () => {
  it('accepts the example waybill', () => {
    expect(errorsOf(example())).toEqual([]);
  });

  it('accepts a waybill without the optional seller fields', () => {
    const waybill = example();
    const { ebcCode: _c, ebcName: _n, ebcTelephone: _t, ...rest } = waybill.Logistics;
    waybill.Logistics = rest;
    expect(errorsOf(waybill)).toEqual([]);
    expect(CEB505.check(waybill)).toEqual([]);
  });

  it('limits the export waybill number to 32 characters (the import one allows 60)', () => {
    const waybill = example();
    waybill.Logistics.logisticsNo = 'L'.repeat(32);
    expect(errorsOf(waybill)).toEqual([]);
    waybill.Logistics.logisticsNo = 'L'.repeat(33);
    expect(errorsOf(waybill)).toEqual(['Logistics.logisticsNo.isLength']);
  });

  it('refuses import-only fields, zero parcels, numeric weights and currencies that are not JGS-20 codes', () => {
    const waybill = example();
    Object.assign(waybill.Logistics, {
      orderNo: 'EXP20261121000001',
      packNo: 0,
      grossWeight: 2.8,
      currency: 'CNY',
    });
    expect(errorsOf(waybill)).toEqual([
      'Logistics.currency.matches',
      'Logistics.grossWeight.matches',
      'Logistics.orderNo.whitelistValidation',
      'Logistics.packNo.min',
    ]);
  });

  it('requires the Logistics element', () => {
    expect(errorsOf({})).toEqual(['Logistics.isDefined']);
  });
});

describe('CEB505 rules', () => {
  const rules = (waybill: ExportWaybill) => CEB505.check(waybill).map((v) => `${v.path}:${v.rule}`);

  it('finds nothing wrong with the example', () => {
    expect(CEB505.check(EXPORT_WAYBILL_EXAMPLE)).toEqual([]);
  });

  it('refuses a parcel without weight', () => {
    const waybill = example();
    waybill.Logistics.grossWeight = '0';
    expect(rules(waybill)).toEqual(['Logistics.grossWeight:grossWeight.positive']);
  });

  it('refuses a seller code without name and a name without code', () => {
    const waybill = example();
    delete waybill.Logistics.ebcName;
    expect(rules(waybill)).toEqual(['Logistics.ebcName:ebcName.pairedWithEbcCode']);
    const other = example();
    delete other.Logistics.ebcCode;
    expect(rules(other)).toEqual(['Logistics.ebcCode:ebcName.pairedWithEbcCode']);
  });
});

describe('CEB505 descriptor', () => {
  it('is sent by the logistics enterprise in its own name', () => {
    expect(CEB505).toMatchObject({
      messageType: 'CEB505',
      flow: 'export',
      rootElement: 'CEB505Message',
      documentElement: 'Logistics',
      headElement: 'Logistics',
      repeatedElements: [],
      senderRole: 'logistics',
      senderCodeField: 'logisticsCode',
    });
  });

  it('has no order number, so it is keyed by the waybill number and identified with the logistics code', () => {
    expect(CEB505.keyOf(EXPORT_WAYBILL_EXAMPLE)).toBe('EXPLN2026112100001');
    expect(CEB505.identityOf(EXPORT_WAYBILL_EXAMPLE)).toBe('3301980003:EXPLN2026112100001');
    expect(CEB505.versionOf(EXPORT_WAYBILL_EXAMPLE)).toEqual({ appType: '1', appTime: '20261121101000' });
  });

  it('names the seller telephone as personal data, at a path that exists in the document', () => {
    expect(CEB505.personalDataPaths).toEqual(['Logistics.ebcTelephone']);
    expect(EXPORT_WAYBILL_EXAMPLE.Logistics.ebcTelephone).toBeDefined();
  });
});
