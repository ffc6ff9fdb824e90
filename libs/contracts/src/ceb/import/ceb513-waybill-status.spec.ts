import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import { IMPORT_WAYBILL_EXAMPLE } from './ceb511-waybill';
import { CEB513, IMPORT_WAYBILL_STATUS_EXAMPLE, ImportWaybillStatus } from './ceb513-waybill-status';

const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
const errorsOf = (plain: unknown): string[] =>
  flatten(
    validateSync(plainToInstance(ImportWaybillStatus, plain), {
      whitelist: true,
      forbidNonWhitelisted: true,
    }),
  );
const withStatus = (fields: Record<string, unknown>): unknown => ({
  LogisticsStatus: { ...IMPORT_WAYBILL_STATUS_EXAMPLE.LogisticsStatus, ...fields },
});

describe('CEB513 ImportWaybillStatus contract', () => {
  it('accepts the example', () => {
    expect(errorsOf(IMPORT_WAYBILL_STATUS_EXAMPLE)).toEqual([]);
  });

  it('limits logisticsStatus to S (signed for)', () => {
    expect(errorsOf(withStatus({ logisticsStatus: 'R' }))).toEqual(['LogisticsStatus.logisticsStatus:isIn']);
    expect(errorsOf(withStatus({ logisticsStatus: 's' }))).toEqual(['LogisticsStatus.logisticsStatus:isIn']);
  });

  it('requires well-formed codes and times and the XSD lengths', () => {
    const errors = errorsOf(
      withStatus({
        logisticsTime: '2026-11-23 14:30:00',
        logisticsCode: '33019800031',
        logisticsNo: 'L'.repeat(61),
        note: 'n'.repeat(1001),
      }),
    );
    expect(errors.sort()).toEqual([
      'LogisticsStatus.logisticsCode:matches',
      'LogisticsStatus.logisticsNo:isLength',
      'LogisticsStatus.logisticsTime:matches',
      'LogisticsStatus.note:maxLength',
    ]);
  });

  it('is the one element LogisticsStatus: required, and nothing else at its side', () => {
    expect(errorsOf({})).toEqual(['LogisticsStatus:isDefined']);
    expect(errorsOf({ ...IMPORT_WAYBILL_STATUS_EXAMPLE, LogisticsHead: {} })).toEqual([
      'LogisticsHead:whitelistValidation',
    ]);
  });
});

describe('CEB513 rules', () => {
  it('finds nothing wrong with the example', () => {
    expect(CEB513.check(IMPORT_WAYBILL_STATUS_EXAMPLE)).toEqual([]);
  });

  it('refuses a delivery time later than the report time', () => {
    const status = structuredClone(IMPORT_WAYBILL_STATUS_EXAMPLE);
    status.LogisticsStatus.logisticsTime = '20261124000000';
    expect(CEB513.check(status)).toEqual([
      expect.objectContaining({
        path: 'LogisticsStatus.logisticsTime',
        rule: 'logisticsTime.notAfterAppTime',
      }),
    ]);
  });
});

describe('CEB513 descriptor', () => {
  it('is the bare LogisticsStatus element, sent by the logistics company', () => {
    expect(CEB513).toMatchObject({
      rootElement: 'CEB513Message',
      documentElement: 'LogisticsStatus',
      headElement: 'LogisticsStatus',
      repeatedElements: [],
      senderRole: 'logistics',
      senderCodeField: 'logisticsCode',
    });
  });

  it('has no order number, so it is keyed and identified by its waybill', () => {
    expect(CEB513.keyOf(IMPORT_WAYBILL_STATUS_EXAMPLE)).toBe('3301980003:LN20261121000001');
    expect(CEB513.identityOf(IMPORT_WAYBILL_STATUS_EXAMPLE)).toBe('3301980003:LN20261121000001');
    expect(CEB513.versionOf(IMPORT_WAYBILL_STATUS_EXAMPLE)).toEqual({
      appType: '1',
      appTime: '20261123150000',
    });
    expect(CEB513.personalDataPaths).toEqual([]);
  });

  it('reports the example waybill, after it was declared', () => {
    const waybill = IMPORT_WAYBILL_EXAMPLE.LogisticsHead;
    const status = IMPORT_WAYBILL_STATUS_EXAMPLE.LogisticsStatus;
    expect(status).toMatchObject({
      logisticsCode: waybill.logisticsCode,
      logisticsName: waybill.logisticsName,
      logisticsNo: waybill.logisticsNo,
    });
    expect(status.logisticsTime > waybill.appTime).toBe(true);
  });
});
