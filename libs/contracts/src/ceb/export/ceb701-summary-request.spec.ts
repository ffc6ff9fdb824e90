import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { EXPORT_INVENTORY_EXAMPLE, EXPORT_INVENTORY_INVT_NO } from './ceb603-inventory';
import { CEB701, EXPORT_SUMMARY_REQUEST_EXAMPLE, ExportSummaryRequest } from './ceb701-summary-request';

const names = (errors: ValidationError[], at = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${at}${e.property}.${c}`),
    ...names(e.children ?? [], `${at}${e.property}.`),
  ]);
const errorsOf = (plain: object): string[] =>
  names(
    validateSync(plainToInstance(ExportSummaryRequest, plain), {
      whitelist: true,
      forbidNonWhitelisted: true,
    }),
  ).sort();
const example = (): ExportSummaryRequest => structuredClone(EXPORT_SUMMARY_REQUEST_EXAMPLE);

describe('CEB701 ExportSummaryRequest contract', () => {
  it('accepts the example request, which summarises the example list for its consignor', () => {
    expect(errorsOf(example())).toEqual([]);
    expect(EXPORT_SUMMARY_REQUEST_EXAMPLE.SummaryApplyList).toEqual([{ invtNo: EXPORT_INVENTORY_INVT_NO }]);
    expect(EXPORT_SUMMARY_REQUEST_EXAMPLE.SummaryApplyHead).toMatchObject({
      agentCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.agentCode,
      ebcCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.ebcCode,
      customsCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.customsCode,
    });
  });

  it('accepts a request by time range without lists, summarising by classification name (itemNameFlag 0)', () => {
    const request = example();
    delete request.SummaryApplyList;
    Object.assign(request.SummaryApplyHead, {
      startTime: '20261101000000',
      endTime: '20261130235959',
      itemNameFlag: '0',
      summaryFlag: '2',
    });
    expect(errorsOf(request)).toEqual([]);
    expect(CEB701.check(request)).toEqual([]);
  });

  it('refuses unknown flags, a malformed start time and a list number of the wrong length', () => {
    const request = example();
    Object.assign(request.SummaryApplyHead, { summaryFlag: '3', itemNameFlag: '', startTime: '2026-11-01' });
    request.SummaryApplyList = [{ invtNo: '2924' }];
    expect(errorsOf(request)).toEqual([
      'SummaryApplyHead.itemNameFlag.isIn',
      'SummaryApplyHead.startTime.matches',
      'SummaryApplyHead.summaryFlag.isIn',
      'SummaryApplyList.0.invtNo.isLength',
    ]);
  });

  it('requires the head and the customs broker of the later declaration', () => {
    const request = example();
    expect(errorsOf({ SummaryApplyList: request.SummaryApplyList })).toEqual(['SummaryApplyHead.isDefined']);
    delete (request.SummaryApplyHead as Partial<ExportSummaryRequest['SummaryApplyHead']>).declAgentCode;
    expect(errorsOf(request)).toEqual(['SummaryApplyHead.declAgentCode.matches']);
  });
});

describe('CEB701 rules', () => {
  const rules = (request: ExportSummaryRequest) => CEB701.check(request).map((v) => `${v.path}:${v.rule}`);

  it('finds nothing wrong with the example', () => {
    expect(CEB701.check(EXPORT_SUMMARY_REQUEST_EXAMPLE)).toEqual([]);
  });

  it('refuses half a time range, naming the missing end', () => {
    const request = example();
    request.SummaryApplyHead.startTime = '20261101000000';
    expect(rules(request)).toEqual(['SummaryApplyHead.endTime:startTime.pairedWithEndTime']);
    delete request.SummaryApplyHead.startTime;
    request.SummaryApplyHead.endTime = '20261130235959';
    expect(rules(request)).toEqual(['SummaryApplyHead.startTime:startTime.pairedWithEndTime']);
  });

  it('refuses a range that ends before it starts, and accepts a one-instant range', () => {
    const request = example();
    Object.assign(request.SummaryApplyHead, { startTime: '20261130235959', endTime: '20261101000000' });
    expect(rules(request)).toEqual(['SummaryApplyHead.endTime:endTime.notBeforeStartTime']);
    request.SummaryApplyHead.endTime = request.SummaryApplyHead.startTime;
    expect(rules(request)).toEqual([]);
  });

  it('requires lists when no time range selects them', () => {
    const request = example();
    request.SummaryApplyList = [];
    expect(rules(request)).toEqual(['SummaryApplyList:SummaryApplyList.requiredWithoutTimeRange']);
  });

  it('refuses a list named twice and a part number beyond the message count', () => {
    const request = example();
    request.SummaryApplyList = [{ invtNo: EXPORT_INVENTORY_INVT_NO }, { invtNo: EXPORT_INVENTORY_INVT_NO }];
    request.SummaryApplyHead.msgSeqNo = 2;
    expect(rules(request)).toEqual([
      'SummaryApplyList[1].invtNo:invtNo.unique',
      'SummaryApplyHead.msgSeqNo:msgSeqNo.withinMsgCount',
    ]);
  });
});

describe('CEB701 descriptor', () => {
  it('is sent by the declaring agent in its own name', () => {
    expect(CEB701).toMatchObject({
      messageType: 'CEB701',
      flow: 'export',
      rootElement: 'CEB701Message',
      documentElement: 'SummaryApply',
      headElement: 'SummaryApplyHead',
      repeatedElements: ['SummaryApplyList'],
      senderRole: 'agent',
      senderCodeField: 'agentCode',
    });
  });

  it('keys all parts of one request together and identifies each part by msgSeqNo', () => {
    expect(CEB701.keyOf(EXPORT_SUMMARY_REQUEST_EXAMPLE)).toBe('3301980004:SUM20261201000001');
    expect(CEB701.identityOf(EXPORT_SUMMARY_REQUEST_EXAMPLE)).toBe('3301980004:SUM20261201000001:1');
    expect(CEB701.versionOf(EXPORT_SUMMARY_REQUEST_EXAMPLE)).toEqual({
      appType: '1',
      appTime: '20261201090000',
    });
  });

  it('has no personal data', () => {
    expect(CEB701.personalDataPaths).toEqual([]);
  });
});
