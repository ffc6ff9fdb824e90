import { MatchResultDecided, orderKey, Topics } from '@swx/contracts';
import { queryRows, waitFor } from '@swx/testing';

import {
  caseOf,
  db,
  declareSet,
  type ExportStack,
  exportSet,
  expectStatuses,
  publishedPayloads,
  startExportStack,
} from './customs-export-support';

/** Two customs instances share the consumer group; documents of one case land on both (different keys). */
describe('customs export: two customs instances consuming concurrently', () => {
  let stack: ExportStack;
  beforeAll(async () => {
    stack = await startExportStack('export-concurrent', 4950, 2);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('decides each case once, as sequential processing would', async () => {
    const runs = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const set = exportSet(`CC${i}`);
        if (i % 4 === 3) set.list.InventoryList[0].itemNo = 'OTHER-SKU';
        const kinds = ['order', 'receipt', 'waybill', 'list'] as const;
        const ids = Object.fromEntries(
          await Promise.all(kinds.map(async (k) => [k, (await declareSet(stack.gateway, set, [k]))[k]])),
        ) as Record<(typeof kinds)[number], string>;
        return { set, ids, failing: i % 4 === 3 };
      }),
    );
    for (const { set, ids, failing } of runs) {
      if (failing) {
        await expectStatuses(ids.list, ['2', '100'], 'failing list');
        expect(await caseOf(set)).toMatchObject({ outcome: 'failed', clearance: 'refused' });
      } else {
        for (const kind of ['order', 'receipt', 'waybill'] as const) {
          await expectStatuses(ids[kind], ['2', '120'], kind);
        }
        await expectStatuses(ids.list, ['2', '120', '399', '800'], 'list');
        expect(await caseOf(set)).toMatchObject({ outcome: 'passed', clearance: 'released' });
      }
      const decided = await waitFor(
        () =>
          publishedPayloads<MatchResultDecided>(
            Topics.MatchResultDecided.name,
            orderKey(set.order.OrderHead.orderNo),
          ),
        (p) => p.length >= 1,
        { what: 'the match result' },
      );
      expect(decided).toHaveLength(1);
    }
    for (const instance of stack.customs) {
      const metrics = await (await fetch(instance.url('/metrics'))).text();
      expect(metrics).toMatch(
        /swx_messages_consumed_total\{topic="gateway\.external\.export-[a-z-]+\.accepted\.v1",outcome="processed"[^}]*\} [1-9]/,
      );
    }
    const invtNos = await queryRows<{ n: number; d: number }>(
      db(),
      `SELECT count(invt_no)::int AS n, count(DISTINCT invt_no)::int AS d FROM customs.export_case`,
    );
    expect(invtNos[0].n).toBe(invtNos[0].d);
  });
});
