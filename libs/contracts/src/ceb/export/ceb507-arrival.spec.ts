import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { EXPORT_WAYBILL_EXAMPLE } from './ceb505-waybill';
import { CEB507, EXPORT_ARRIVAL_EXAMPLE, ExportArrival, TRAF_MODE_POST } from './ceb507-arrival';

const names = (errors: ValidationError[], at = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${at}${e.property}.${c}`),
    ...names(e.children ?? [], `${at}${e.property}.`),
  ]);
const errorsOf = (plain: object): string[] =>
  names(
    validateSync(plainToInstance(ExportArrival, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).sort();
const example = (): ExportArrival => structuredClone(EXPORT_ARRIVAL_EXAMPLE);

describe('CEB507 ExportArrival contract', () => {
  it('accepts the example arrival, which lists the example waybill', () => {
    expect(errorsOf(example())).toEqual([]);
    expect(EXPORT_ARRIVAL_EXAMPLE.ArrivalList?.map((l) => l.logisticsNo)).toEqual([
      EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsNo,
    ]);
  });

  it('accepts an arrival without waybills (表体允许为空)', () => {
    const { ArrivalHead } = example();
    expect(errorsOf({ ArrivalHead })).toEqual([]);
    expect(CEB507.check({ ArrivalHead })).toEqual([]);
  });

  it('refuses an import flag, a 5-digit customs code, split numbers below 1 and a too-long waybill number', () => {
    const arrival = example();
    Object.assign(arrival.ArrivalHead, { ieFlag: 'I', customsCode: '29240', msgCount: 0, msgSeqNo: 0 });
    arrival.ArrivalList![0].logisticsNo = 'L'.repeat(33);
    expect(errorsOf(arrival)).toEqual([
      'ArrivalHead.customsCode.matches',
      'ArrivalHead.ieFlag.isIn',
      'ArrivalHead.msgCount.min',
      'ArrivalHead.msgSeqNo.min',
      'ArrivalList.0.logisticsNo.isLength',
    ]);
  });

  it('requires the head and the supervised-site operator', () => {
    const arrival = example();
    delete (arrival.ArrivalHead as Partial<ExportArrival['ArrivalHead']>).operatorCode;
    expect(errorsOf(arrival)).toEqual(['ArrivalHead.operatorCode.matches']);
    expect(errorsOf({ ArrivalList: arrival.ArrivalList })).toEqual(['ArrivalHead.isDefined']);
  });
});

describe('CEB507 rules', () => {
  const rules = (arrival: ExportArrival) => CEB507.check(arrival).map((v) => `${v.path}:${v.rule}`);
  const line = (gnum: number, logisticsNo: string) => ({ gnum, logisticsNo });

  it('finds nothing wrong with the example', () => {
    expect(CEB507.check(EXPORT_ARRIVAL_EXAMPLE)).toEqual([]);
  });

  it('refuses waybills not numbered 1..n and a waybill listed twice', () => {
    const arrival = example();
    arrival.ArrivalList = [line(1, 'A1'), line(3, 'A2'), line(3, 'A1')];
    expect(rules(arrival)).toEqual([
      'ArrivalList[1].gnum:gnum.sequence',
      'ArrivalList[2].logisticsNo:logisticsNo.unique',
    ]);
  });

  it('accepts part 2 of 3 of a split message and refuses part 4 of 3', () => {
    const arrival = example();
    Object.assign(arrival.ArrivalHead, { msgCount: 3, msgSeqNo: 2 });
    expect(rules(arrival)).toEqual([]);
    arrival.ArrivalHead.msgSeqNo = 4;
    expect(rules(arrival)).toEqual(['ArrivalHead.msgSeqNo:msgSeqNo.withinMsgCount']);
  });

  it('requires the bill of lading unless the goods go by post', () => {
    const arrival = example();
    delete arrival.ArrivalHead.billNo;
    expect(rules(arrival)).toEqual(['ArrivalHead.billNo:billNo.requiredUnlessPost']);
    arrival.ArrivalHead.trafMode = TRAF_MODE_POST;
    expect(rules(arrival)).toEqual([]);
  });
});

describe('CEB507 descriptor', () => {
  it('is sent by the logistics enterprise in its own name', () => {
    expect(CEB507).toMatchObject({
      messageType: 'CEB507',
      flow: 'export',
      rootElement: 'CEB507Message',
      documentElement: 'Arrival',
      headElement: 'ArrivalHead',
      repeatedElements: ['ArrivalList'],
      senderRole: 'logistics',
      senderCodeField: 'logisticsCode',
    });
  });

  it('keys all parts of one arrival together and identifies each part by msgSeqNo', () => {
    const part2 = example();
    part2.ArrivalHead.msgSeqNo = 2;
    expect(CEB507.keyOf(EXPORT_ARRIVAL_EXAMPLE)).toBe('3301980003:ARR20261121000001');
    expect(CEB507.keyOf(part2)).toBe(CEB507.keyOf(EXPORT_ARRIVAL_EXAMPLE));
    expect(CEB507.identityOf(EXPORT_ARRIVAL_EXAMPLE)).toBe('3301980003:ARR20261121000001:1');
    expect(CEB507.identityOf(part2)).toBe('3301980003:ARR20261121000001:2');
    expect(CEB507.versionOf(EXPORT_ARRIVAL_EXAMPLE)).toEqual({ appType: '1', appTime: '20261121180000' });
  });

  it('has no personal data', () => {
    expect(CEB507.personalDataPaths).toEqual([]);
  });
});
