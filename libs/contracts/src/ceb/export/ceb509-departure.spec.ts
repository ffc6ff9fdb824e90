import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { EXPORT_ARRIVAL_EXAMPLE, TRAF_MODE_POST } from './ceb507-arrival';
import { CEB509, EXPORT_DEPARTURE_EXAMPLE, ExportDeparture } from './ceb509-departure';

const names = (errors: ValidationError[], at = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${at}${e.property}.${c}`),
    ...names(e.children ?? [], `${at}${e.property}.`),
  ]);
const errorsOf = (plain: object): string[] =>
  names(
    validateSync(plainToInstance(ExportDeparture, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).sort();
const example = (): ExportDeparture => structuredClone(EXPORT_DEPARTURE_EXAMPLE);

describe('CEB509 ExportDeparture contract', () => {
  it('accepts the example departure: the arrived waybill leaves under the same air waybill', () => {
    expect(errorsOf(example())).toEqual([]);
    expect(EXPORT_DEPARTURE_EXAMPLE.DepartureHead.billNo).toBe(EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.billNo);
    expect(EXPORT_DEPARTURE_EXAMPLE.DepartureList.map((l) => l.logisticsNo)).toEqual(
      EXPORT_ARRIVAL_EXAMPLE.ArrivalList?.map((l) => l.logisticsNo),
    );
  });

  it('requires at least one waybill (unlike the arrival)', () => {
    expect(errorsOf({ ...example(), DepartureList: [] })).toEqual(['DepartureList.arrayMinSize']);
  });

  it('refuses a malformed leave time, a spelled-out transport mode and a too-long voyage number', () => {
    const departure = example();
    Object.assign(departure.DepartureHead, {
      leaveTime: '2026-11-22 01:30',
      trafMode: 'AIR',
      voyageNo: 'V'.repeat(33),
    });
    expect(errorsOf(departure)).toEqual([
      'DepartureHead.leaveTime.matches',
      'DepartureHead.trafMode.matches',
      'DepartureHead.voyageNo.maxLength',
    ]);
  });
});

describe('CEB509 rules', () => {
  const rules = (departure: ExportDeparture) => CEB509.check(departure).map((v) => `${v.path}:${v.rule}`);

  it('finds nothing wrong with the example', () => {
    expect(CEB509.check(EXPORT_DEPARTURE_EXAMPLE)).toEqual([]);
  });

  it('refuses waybills not numbered 1..n and a waybill listed twice', () => {
    const departure = example();
    const [first] = departure.DepartureList;
    departure.DepartureList = [first, { ...first, gnum: 3 }];
    expect(rules(departure)).toEqual([
      'DepartureList[1].gnum:gnum.sequence',
      'DepartureList[1].logisticsNo:logisticsNo.unique',
    ]);
  });

  it('refuses a part number beyond the message count', () => {
    const departure = example();
    departure.DepartureHead.msgSeqNo = 2;
    expect(rules(departure)).toEqual(['DepartureHead.msgSeqNo:msgSeqNo.withinMsgCount']);
  });

  it('requires conveyance, voyage and bill unless the goods go by post', () => {
    const departure = example();
    delete departure.DepartureHead.trafName;
    delete departure.DepartureHead.voyageNo;
    delete departure.DepartureHead.billNo;
    expect(rules(departure)).toEqual([
      'DepartureHead.trafName:trafName.requiredUnlessPost',
      'DepartureHead.voyageNo:voyageNo.requiredUnlessPost',
      'DepartureHead.billNo:billNo.requiredUnlessPost',
    ]);
    departure.DepartureHead.trafMode = TRAF_MODE_POST;
    expect(rules(departure)).toEqual([]);
  });
});

describe('CEB509 descriptor', () => {
  it('is sent by the logistics enterprise in its own name', () => {
    expect(CEB509).toMatchObject({
      messageType: 'CEB509',
      flow: 'export',
      rootElement: 'CEB509Message',
      documentElement: 'Departure',
      headElement: 'DepartureHead',
      repeatedElements: ['DepartureList'],
      senderRole: 'logistics',
      senderCodeField: 'logisticsCode',
    });
  });

  it('keys all parts of one departure together and identifies each part by msgSeqNo', () => {
    expect(CEB509.keyOf(EXPORT_DEPARTURE_EXAMPLE)).toBe('3301980003:DEP20261122000001');
    expect(CEB509.identityOf(EXPORT_DEPARTURE_EXAMPLE)).toBe('3301980003:DEP20261122000001:1');
    expect(CEB509.versionOf(EXPORT_DEPARTURE_EXAMPLE)).toEqual({ appType: '1', appTime: '20261122020000' });
  });

  it('has no personal data', () => {
    expect(CEB509.personalDataPaths).toEqual([]);
  });
});
