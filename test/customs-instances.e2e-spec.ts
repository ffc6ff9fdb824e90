import { loadEnv } from '@swx/config';
import { DEMO_ENTERPRISES, Topics } from '@swx/contracts';
import { runMigrations } from '@swx/persistence';
import { mintToken, queryRows, ServiceProcess, TEST_SECRETS, waitFor } from '@swx/testing';

import { customsDefinition } from '../apps/customs/src/customs.definition';
import { CustomsEnv } from '../apps/customs/src/customs.env';
import { caseFor } from '../apps/customs/src/matching/rules/case-fixture';

const CASES = 300;
const RUN = `MI${Date.now() % 1_000_000}`;

const tokenFor = (ent: string, role: string) =>
  mintToken({ kind: 'enterprise', ent, roles: [role], scopes: ['documents:write'] });
const SENDERS = [
  { path: 'orders', slot: 'order', token: tokenFor(DEMO_ENTERPRISES.platform.customsCode, 'ebp') },
  { path: 'payments', slot: 'payment', token: tokenFor(DEMO_ENTERPRISES.payment.customsCode, 'pay') },
  { path: 'waybills', slot: 'waybill', token: tokenFor(DEMO_ENTERPRISES.logistics.customsCode, 'logistics') },
  { path: 'inventories', slot: 'list', token: tokenFor(DEMO_ENTERPRISES.agent.customsCode, 'agent') },
] as const;

/**
 * Two customs instances share the consumer group and decide cases concurrently; one is killed with SIGKILL in the
 * middle of the stream and restarted. Every case is decided exactly once: one decision in its row, one
 * MatchResultDecided event, and one receipt 2 and one receipt 120 per document at the gateway.
 */
describe('customs: two instances, kill -9 mid-stream, every case decided exactly once', () => {
  const db = process.env.TEST_DATABASE_URL!;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  const customsEnv = { ...env, CUSTOMS_INSPECTION_RATE_B: '0' };
  let gateway: ServiceProcess;
  let first: ServiceProcess | undefined;
  let second: ServiceProcess | undefined;

  beforeAll(async () => {
    gateway = await ServiceProcess.spawn('gateway', { ...env, PORT: '4810' }, 'customs-mi-gateway').ready();
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), first?.stop(), second?.stop()]);
  });

  const decided = async () =>
    (
      await queryRows<{ n: number }>(
        db,
        `SELECT count(*)::int AS n FROM customs.import_case WHERE order_no LIKE $1 AND decisions > 0`,
        [`${RUN}-%`],
      )
    )[0]?.n ?? 0;

  it(`decides ${CASES} cases once each across two instances and a kill -9`, async () => {
    const deliveries = Array.from({ length: CASES }, (_, i) => caseFor(`${RUN}-${i}`)).flatMap((c) =>
      SENDERS.map((s) => ({ ...s, document: c[s.slot] })),
    );
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
    }
    const ids: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) {
        const d = deliveries[next++];
        const response = await fetch(gateway.url(`/v1/import/${d.path}`), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token}` },
          body: JSON.stringify(d.document),
        });
        if (response.status !== 202)
          throw new Error(`${d.path}: HTTP ${response.status} ${await response.text()}`);
        ids.push(((await response.json()) as { messageId: string }).messageId);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await waitFor(
      () =>
        queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM gateway.outbox WHERE sent_at IS NULL`),
      (rows) => rows[0].n === 0,
      { what: 'the gateway outbox to drain', timeoutMs: 120_000 },
    );

    // The registry is in place before customs consumes, so no case is decided against an empty directory.
    await runMigrations(
      customsDefinition(loadEnv(CustomsEnv, { ...TEST_SECRETS, DATABASE_URL: db })).dataSource,
    );
    for (const e of Object.values(DEMO_ENTERPRISES)) {
      await queryRows(
        db,
        `INSERT INTO customs.enterprise (customs_code, roles, status, version) VALUES ($1, $2, 'active', 1)
         ON CONFLICT (customs_code) DO NOTHING`,
        [e.customsCode, e.roles],
      );
    }
    first = ServiceProcess.spawn('customs', { ...customsEnv, PORT: '4811' }, 'customs-mi-first');
    second = ServiceProcess.spawn('customs', { ...customsEnv, PORT: '4812' }, 'customs-mi-second');
    const atKill = await waitFor(decided, (n) => n >= 10, {
      intervalMs: 20,
      timeoutMs: 120_000,
      what: 'customs to be mid-stream',
    });
    await first.kill9();
    expect(await decided()).toBeLessThan(CASES);
    console.log(`first customs instance killed with ${atKill} of ${CASES} cases decided`);
    first = await ServiceProcess.spawn(
      'customs',
      { ...customsEnv, PORT: '4811' },
      'customs-mi-restarted',
    ).ready();

    await waitFor(decided, (n) => n === CASES, { timeoutMs: 240_000, what: 'every case decided' });
    const cases = await queryRows<{ status: string; decisions: number; n: number }>(
      db,
      `SELECT status, decisions, count(*)::int AS n FROM customs.import_case WHERE order_no LIKE $1
        GROUP BY status, decisions`,
      [`${RUN}-%`],
    );
    expect(cases).toEqual([{ status: 'passed', decisions: 1, n: CASES }]);
    const [events] = await queryRows<{ total: number; distinct: number }>(
      db,
      `SELECT count(*)::int AS total, count(DISTINCT key)::int AS distinct FROM customs.outbox
        WHERE topic = $1 AND key LIKE $2`,
      [Topics.MatchResultDecided.name, `${RUN}-%`],
    );
    expect(events).toEqual({ total: CASES, distinct: CASES });
    const receipts = await waitFor(
      () =>
        queryRows<{ status: string; total: number; distinct: number }>(
          db,
          `SELECT return_status AS status, count(*)::int AS total, count(DISTINCT message_id)::int AS distinct
             FROM gateway.receipt WHERE message_id = ANY($1::uuid[]) GROUP BY return_status ORDER BY return_status`,
          [ids],
        ),
      (rows) => rows.length === 2 && rows.every((r) => r.distinct === ids.length),
      { timeoutMs: 120_000, what: 'receipts 2 and 120 for every document at the gateway' },
    );
    expect(receipts).toEqual([
      { status: '120', total: ids.length, distinct: ids.length },
      { status: '2', total: ids.length, distinct: ids.length },
    ]);
  }, 600_000);
});
