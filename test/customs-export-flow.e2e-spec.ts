import {
  ClearanceStatusChanged,
  ExportSummaryResult,
  MatchResultDecided,
  orderKey,
  Topics,
} from '@swx/contracts';
import { queryRows, waitFor } from '@swx/testing';

import {
  arrivalOf,
  caseOf,
  db,
  declare,
  declareSet,
  departureOf,
  type ExportStack,
  exportSet,
  expectStatuses,
  publishedPayloads,
  startExportStack,
  summaryRequestOf,
} from './customs-export-support';

/**
 * The export flow through the gateway, customs and back, on the real broker and database: 四单比对 (120),
 * 清单核放 (399 → 800), arrival (运抵), departure (899 结关) and the summary declaration (汇总申报).
 */
describe('customs export: order, receipt of payment, waybill, list → release, arrival, departure, summary', () => {
  let stack: ExportStack;

  beforeAll(async () => {
    stack = await startExportStack('export-flow', 4900);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('matches, releases on the list, records arrival and departure, and summarises the list', async () => {
    const set = exportSet('FLOW');
    const ids = await declareSet(stack.gateway, set);
    for (const kind of ['order', 'receipt', 'waybill'] as const) {
      const receipts = await expectStatuses(ids[kind], ['2', '120'], kind);
      expect(receipts[1].return_info).toBe('[Code:1800;Desc:逻辑校验通过]');
    }
    const listReceipts = await expectStatuses(ids.list, ['2', '120', '399', '800'], 'list');
    const released = await caseOf(set);
    expect(released).toMatchObject({ outcome: 'passed', clearance: 'released', list_status: '800' });
    const invtNo = released!.invt_no!;
    expect(invtNo).toMatch(/^2924\d{4}E\d{9}$/);
    expect(listReceipts[3].return_info).toContain(invtNo);

    const key = orderKey(set.order.OrderHead.orderNo);
    const decided = await waitFor(
      () => publishedPayloads<MatchResultDecided>(Topics.MatchResultDecided.name, key),
      (p) => p.length === 1,
      { what: 'the match result published' },
    );
    expect(decided[0]).toMatchObject({ flow: 'export', outcome: 'passed', failures: [] });
    expect(decided[0].documents).toEqual({
      CEB303: ids.order,
      CEB403: ids.receipt,
      CEB505: ids.waybill,
      CEB603: ids.list,
    });

    const arrivalId = await declare(stack.gateway, 'arrival', arrivalOf([set.waybill.Logistics.logisticsNo]));
    const arrivalReceipts = await expectStatuses(arrivalId, ['399'], 'arrival');
    expect(arrivalReceipts[0].return_info).toBe('[Code:2500;Desc:运抵登记 1 票，已放行清单 1 票]');
    expect(await caseOf(set)).toMatchObject({ clearance: 'arrived', list_status: '800' });
    const departureId = await declare(
      stack.gateway,
      'departure',
      departureOf([set.waybill.Logistics.logisticsNo]),
    );
    const departureReceipts = await expectStatuses(departureId, ['399'], 'departure');
    expect(departureReceipts[0].return_info).toContain('结关清单 1 票');
    await expectStatuses(ids.list, ['2', '120', '399', '800', '899'], 'list closed');
    expect(await caseOf(set)).toMatchObject({ clearance: 'closed', list_status: '899' });

    const statuses = await waitFor(
      () => publishedPayloads<ClearanceStatusChanged>(Topics.ClearanceStatusChanged.name, key),
      (p) => p.length === 5,
      { what: 'five clearance status changes' },
    );
    expect(statuses.map((s) => [s.flow, s.event, s.returnStatus])).toEqual([
      ['export', 'matched', '120'],
      ['export', 'changed', '399'],
      ['export', 'released', '800'],
      ['export', 'changed', '800'],
      ['export', 'closed', '899'],
    ]);

    const request = summaryRequestOf([invtNo]);
    const requestId = await declare(stack.gateway, 'summary', request);
    const summaryReceipts = await expectStatuses(requestId, ['399'], 'summary request');
    const summarised = await caseOf(set);
    expect(summarised?.sum_no).toMatch(/^2924\d{4}S\d{9}$/);
    expect(summaryReceipts[0].return_info).toContain(summarised!.sum_no!);
    const results = await waitFor(
      () =>
        publishedPayloads<ExportSummaryResult>(
          Topics.ExportSummaryDecided.name,
          `${request.SummaryApplyHead.agentCode}:${request.SummaryApplyHead.copNo}`,
        ),
      (p) => p.length === 1,
      { what: 'the summary result published' },
    );
    expect(results[0]).toMatchObject({
      sumNo: summarised!.sum_no,
      requestMessageId: requestId,
      ebcCode: set.list.InventoryHead.ebcCode,
      tradeMode: '9610',
      summaryFlag: '1',
      listCount: 1,
      lists: [
        {
          invtNo,
          orderNo: set.order.OrderHead.orderNo,
          listMessageId: ids.list,
          goodsValue: '607.00',
          currency: '142',
        },
      ],
      totals: [{ currency: '142', goodsValue: '607.00' }],
      packNo: 1,
    });

    const again = await declare(stack.gateway, 'summary', summaryRequestOf([invtNo]));
    const refused = await expectStatuses(again, ['100'], 'second summary of the same list');
    expect(refused[0].return_info).toContain(`[Code:2311;Desc:清单 ${invtNo} 不可汇总: 已汇总`);
  });

  it('summarises by period only the departed summary-declaration (B) lists, not simplified (A) ones', async () => {
    const start = new Date(Date.now() - 60_000);
    const b = exportSet('PERB');
    const a = exportSet('PERA');
    a.list.InventoryHead.statisticsFlag = 'A';
    const idsB = await declareSet(stack.gateway, b);
    const idsA = await declareSet(stack.gateway, a);
    await expectStatuses(idsB.list, ['2', '120', '399', '800'], 'list B');
    const releasedA = await expectStatuses(idsA.list, ['2', '120', '399', '800'], 'list A');
    expect(releasedA[3].return_info).toContain('简化申报，汇总统计');
    await declare(
      stack.gateway,
      'departure',
      departureOf([b.waybill.Logistics.logisticsNo, a.waybill.Logistics.logisticsNo]),
    );
    await waitFor(
      async () => [await caseOf(a), await caseOf(b)],
      (cases) => cases.every((c) => c?.clearance === 'closed'),
      { what: 'both lists closed' },
    );
    const china = (d: Date) =>
      new Date(d.getTime() + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const request = summaryRequestOf([]);
    request.SummaryApplyHead.startTime = china(start);
    request.SummaryApplyHead.endTime = china(new Date(Date.now() + 60_000));
    delete request.SummaryApplyList;
    const requestId = await declare(stack.gateway, 'summary', request);
    await expectStatuses(requestId, ['399'], 'summary by period');
    expect((await caseOf(b))?.sum_no).toEqual(expect.any(String));
    expect((await caseOf(a))?.sum_no).toBeNull();
    const [summary] = await queryRows<{ result: ExportSummaryResult }>(
      db(),
      'SELECT result FROM customs.export_summary WHERE request_message_id = $1',
      [requestId],
    );
    expect(summary.result.lists.map((l) => l.orderNo)).toEqual([b.order.OrderHead.orderNo]);
  });

  it('applies an arrival and a departure declared before the list was released, at the release', async () => {
    const set = exportSet('EARLY');
    const logisticsNo = set.waybill.Logistics.logisticsNo;
    const arrivalId = await declare(stack.gateway, 'arrival', arrivalOf([logisticsNo]));
    const waiting = await expectStatuses(arrivalId, ['399'], 'early arrival');
    expect(waiting[0].return_info).toContain(`[Code:2501;Desc:运单 ${logisticsNo} 尚无可运抵的放行清单`);
    await declare(stack.gateway, 'departure', departureOf([logisticsNo]));
    const ids = await declareSet(stack.gateway, set, ['list', 'waybill', 'receipt', 'order']);
    await expectStatuses(ids.list, ['2', '120', '399', '800', '899'], 'list released then closed');
    expect(await caseOf(set)).toMatchObject({ clearance: 'closed', list_status: '899' });
  });
});
