import { ClearanceStatusChanged, MatchResultDecided, orderKey, Topics } from '@swx/contracts';
import { waitFor } from '@swx/testing';

import {
  caseOf,
  declareSet,
  type ExportSet,
  type ExportStack,
  exportSet,
  expectStatuses,
  publishedPayloads,
  startExportStack,
} from './customs-export-support';

/** Matched lists that may not be released on the list (清单核放) go to a full declaration (报关单). */
describe('customs export: lists refused toward a full declaration', () => {
  let stack: ExportStack;
  beforeAll(async () => {
    stack = await startExportStack('export-full-decl', 4930);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const expectFullDeclaration = async (set: ExportSet, code: string, detail: string) => {
    const ids = await declareSet(stack.gateway, set);
    for (const kind of ['order', 'receipt', 'waybill'] as const)
      await expectStatuses(ids[kind], ['2', '120'], kind);
    const receipts = await expectStatuses(ids.list, ['2', '120', '100'], 'list');
    expect(receipts[2].return_info).toContain(`[Code:${code};Desc:`);
    expect(receipts[2].return_info).toContain(detail);
    expect(await caseOf(set)).toMatchObject({
      outcome: 'passed',
      clearance: 'full-declaration',
      list_status: '100',
      invt_no: null,
    });
    const key = orderKey(set.order.OrderHead.orderNo);
    const decided = await waitFor(
      () => publishedPayloads<MatchResultDecided>(Topics.MatchResultDecided.name, key),
      (p) => p.length === 1,
      { what: 'the match result' },
    );
    expect(decided[0].outcome).toBe('passed');
    const statuses = await waitFor(
      () => publishedPayloads<ClearanceStatusChanged>(Topics.ClearanceStatusChanged.name, key),
      (p) => p.length === 2,
      { what: 'matched then refused' },
    );
    expect(statuses.map((s) => [s.event, s.returnStatus])).toEqual([
      ['matched', '120'],
      ['refused', '100'],
    ]);
  };

  it('refuses a list of more than 5,000 RMB per ticket (code 2801)', async () => {
    const set = exportSet('OVER');
    const line = { order: set.order.OrderList[0], list: set.list.InventoryList[0] };
    line.order.price = line.list.price = '500.00';
    line.order.totalPrice = line.list.totalPrice = '5000.00';
    set.order.OrderHead.goodsValue = '5152.00';
    set.receipt.Receipts.charge = '5187.00';
    await expectFullDeclaration(set, '2801', '单票货值 5152.00 元超过 5000 元');
  });

  it('refuses goods that need an export licence or carry export duty (codes 2802, 2803)', async () => {
    const set = exportSet('LIC');
    set.list.InventoryList[0].gcode = '3603001000';
    set.list.InventoryList[1].gcode = '2602000000';
    await expectFullDeclaration(set, '2802', '[Code:2803;Desc:第 2 项商品涉及出口关税');
  });
});
