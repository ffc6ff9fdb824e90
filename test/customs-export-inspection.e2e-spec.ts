import { type CreditRatingChanged, createEnvelope, orderKey, Topics } from '@swx/contracts';
import { mintToken, queryRows, waitFor } from '@swx/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';

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

/** Fresh enterprise codes per run (the broker, and customs' consumer group on it, outlive the database). */
const STAMP = (Date.now() % 1e7).toString(36).toUpperCase().padStart(5, '0').slice(-5);
const freshCode = (n: number) => `3398${STAMP}${n}`;

/**
 * Export lists are inspected on credit grounds as import lists are: every list naming a blacklisted party, else
 * a draw at the rate of the worst level among its parties. Here no level is ever drawn (all rates 0), so only the
 * blacklist sends a list to inspection (500); the officer's pass releases it (800). Ratings arrive as the credit
 * service publishes them, on the real broker, for producers (ownerCode) no other suite knows.
 */
describe('customs export: inspection on credit grounds', () => {
  let stack: ExportStack;
  let producer: Producer;
  const blacklisted = freshCode(1);
  const rated = freshCode(2);
  const officer = mintToken({ kind: 'regulator', agency: 'customs', scopes: ['regulator:read'] });

  const rate = async (enterpriseCode: string, lists: CreditRatingChanged['lists']) => {
    const payload: CreditRatingChanged = {
      enterpriseCode,
      level: 'D',
      ratedAt: new Date().toISOString(),
      previousLevel: 'B',
      score: '20.00',
      modelVersion: '2026.1',
      lists,
    };
    const envelope = createEnvelope({
      type: Topics.CreditRatingChanged.messageType,
      version: Topics.CreditRatingChanged.version,
      producer: Topics.CreditRatingChanged.producer,
      key: enterpriseCode,
      correlationId: `export-inspection-${enterpriseCode}`,
      payload,
    });
    await producer.send({
      topic: Topics.CreditRatingChanged.name,
      messages: [{ key: enterpriseCode, value: JSON.stringify(envelope) }],
    });
  };

  beforeAll(async () => {
    stack = await startExportStack('export-inspection', 4985, 1, { CUSTOMS_INSPECTION_RATE_D: '0' });
    producer = new Kafka({
      clientId: 'export-inspection-e2e',
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    await rate(blacklisted, ['blacklist']);
    await rate(rated, []);
    await waitFor(
      () =>
        queryRows<{ enterprise_code: string; blacklisted: boolean }>(
          db(),
          `SELECT enterprise_code, blacklisted FROM customs.credit_rating WHERE enterprise_code = ANY($1)`,
          [[blacklisted, rated]],
        ),
      (rows) => rows.length === 2,
      { what: "the ratings in customs' projection", timeoutMs: 60_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await stack?.stop();
  });

  it('inspects a list naming a blacklisted producer whatever the rates, and releases it on the officer’s pass', async () => {
    const set = exportSet('INSP');
    set.list.InventoryHead.ownerCode = blacklisted;
    const ids = await declareSet(stack.gateway, set);
    const held = await expectStatuses(ids.list, ['2', '120', '399', '500'], 'list held for inspection');
    expect(held[3].return_info).toBe(`[Code:2500;Desc:查验，信用黑名单 ${blacklisted}]`);
    expect(await caseOf(set)).toMatchObject({ clearance: 'inspection', list_status: '500' });
    const invtNo = (await caseOf(set))!.invt_no!;
    expect(invtNo).toMatch(/^2924\d{4}E\d{9}$/);

    const orderNo = set.order.OrderHead.orderNo;
    const pass = await fetch(stack.customs[0].url(`/v1/inspections/${encodeURIComponent(orderNo)}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify({ result: 'pass', note: '单货相符' }),
    });
    expect(pass.status).toBe(200);
    const released = await expectStatuses(ids.list, ['2', '120', '399', '500', '800'], 'list released');
    expect(released[4].return_info).toContain('查验放行 单货相符');
    expect(released[4].return_info).toContain(invtNo);
    expect(await caseOf(set)).toMatchObject({ clearance: 'released', list_status: '800', invt_no: invtNo });
    const events = await waitFor(
      () =>
        publishedPayloads<{ event: string; returnStatus: string; ebcCode?: string }>(
          Topics.ClearanceStatusChanged.name,
          orderKey(orderNo),
        ),
      (p) => p.length === 4,
      { what: 'four clearance status changes' },
    );
    expect(events.map((e) => [e.event, e.returnStatus, e.ebcCode])).toEqual([
      ['matched', '120', set.list.InventoryHead.ebcCode],
      ['changed', '399', set.list.InventoryHead.ebcCode],
      ['inspection', '500', set.list.InventoryHead.ebcCode],
      ['released', '800', set.list.InventoryHead.ebcCode],
    ]);
    const again = await fetch(stack.customs[0].url(`/v1/inspections/${encodeURIComponent(orderNo)}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify({ result: 'pass' }),
    });
    expect(again.status).toBe(404);
  });

  it('keeps a list whose blacklisted producer the officer detains, and releases a D producer’s list at a D rate of 0', async () => {
    const detained = exportSet('DET');
    detained.list.InventoryHead.ownerCode = blacklisted;
    const detainedIds = await declareSet(stack.gateway, detained);
    await expectStatuses(detainedIds.list, ['2', '120', '399', '500'], 'list held for inspection');
    const result = await fetch(
      stack.customs[0].url(`/v1/inspections/${encodeURIComponent(detained.order.OrderHead.orderNo)}`),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
        body: JSON.stringify({ result: '502', note: '涉嫌走私' }),
      },
    );
    expect(result.status).toBe(200);
    const kept = await expectStatuses(detainedIds.list, ['2', '120', '399', '500', '502'], 'list detained');
    expect(kept[4].return_info).toContain('扣留 涉嫌走私');
    expect(await caseOf(detained)).toMatchObject({ clearance: 'detained', list_status: '502' });

    const plain = exportSet('RATED');
    plain.list.InventoryHead.ownerCode = rated;
    const plainIds = await declareSet(stack.gateway, plain);
    await expectStatuses(plainIds.list, ['2', '120', '399', '800'], 'list of a D producer released');
  });
});
