import { DEMO_ENTERPRISES } from '@swx/contracts';
import { importOrder, mintToken, queryRows, ServiceProcess, waitFor } from '@swx/testing';

const platformToken = mintToken({
  kind: 'enterprise',
  ent: DEMO_ENTERPRISES.platform.customsCode,
  roles: ['ebp'],
  scopes: ['documents:write'],
});

const MESSAGES = 1000;

async function postAll(
  gateway: ServiceProcess,
  count: number,
  prefix: string,
  concurrency = 16,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const response = await fetch(gateway.url('/v1/import/orders'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${platformToken}` },
        body: JSON.stringify(importOrder({ orderNo: `${prefix}-${i}` })),
      });
      if (response.status !== 202)
        throw new Error(`order ${i}: HTTP ${response.status} ${await response.text()}`);
      ids.push(((await response.json()) as { messageId: string }).messageId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/**
 * `kill -9` of customs in the middle of a stream of 1,000 documents, then a restart: every document is
 * recorded exactly once and answered with exactly one receipt. Offsets that were not committed at the crash
 * are redelivered; the inbox turns the redeliveries into no-ops; receipts left in customs' outbox are published
 * after the restart and the gateway's inbox drops any second copy.
 */
describe('crash and redelivery', () => {
  const db = process.env.TEST_DATABASE_URL!;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  let gateway: ServiceProcess;
  let customs: ServiceProcess | undefined;

  beforeAll(async () => {
    gateway = await ServiceProcess.spawn('gateway', { ...env, PORT: '4110' }).ready();
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), customs?.stop()]);
  });

  const recordedCount = async (ids: string[]) =>
    (
      await queryRows<{ n: number }>(
        db,
        'SELECT count(*)::int AS n FROM customs.declared_document WHERE message_id = ANY($1::uuid[])',
        [ids],
      )
    )[0].n;

  it(`records each of ${MESSAGES} documents exactly once across a kill -9 of customs`, async () => {
    const prefix = `CRASH-${Date.now()}`;
    const ids = await postAll(gateway, MESSAGES, prefix);
    expect(new Set(ids).size).toBe(MESSAGES);
    // All accepted documents are published before customs starts, so the crash lands mid-stream.
    await waitFor(
      () =>
        queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM gateway.outbox WHERE sent_at IS NULL`),
      (rows) => rows[0].n === 0,
      { what: 'the gateway outbox to drain', timeoutMs: 60_000 },
    );

    customs = ServiceProcess.spawn('customs', { ...env, PORT: '4111' }, 'customs-before-crash');
    const atKill = await waitFor(
      () => recordedCount(ids),
      (n) => n >= 100,
      {
        intervalMs: 10,
        timeoutMs: 90_000,
        what: 'customs to be mid-stream',
      },
    );
    await customs.kill9();
    const afterKill = await recordedCount(ids);
    expect(afterKill).toBeGreaterThanOrEqual(atKill);
    expect(afterKill).toBeLessThan(MESSAGES);
    console.log(`customs killed with ${afterKill} of ${MESSAGES} documents recorded`);

    customs = await ServiceProcess.spawn('customs', { ...env, PORT: '4111' }, 'customs-after-crash').ready();
    await waitFor(
      () => recordedCount(ids),
      (n) => n === MESSAGES,
      {
        timeoutMs: 120_000,
        what: 'every document recorded after the restart',
      },
    );

    const receipts = await waitFor(
      () =>
        queryRows<{ total: number; distinct: number }>(
          db,
          `SELECT count(*)::int AS total, count(DISTINCT message_id)::int AS distinct
             FROM gateway.receipt WHERE message_id = ANY($1::uuid[])`,
          [ids],
        ),
      (rows) => rows[0].distinct === MESSAGES,
      { timeoutMs: 120_000, what: 'one receipt per document at the gateway' },
    );
    expect(receipts[0]).toEqual({ total: MESSAGES, distinct: MESSAGES });
  });
});
