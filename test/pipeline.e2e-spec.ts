import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEMO_ENTERPRISES, ImportOrder } from '@swx/contracts';
import { importOrder, mintToken, queryRows, REPO_ROOT, ServiceProcess, waitFor } from '@swx/testing';

const platformToken = mintToken({
  kind: 'enterprise',
  ent: DEMO_ENTERPRISES.platform.customsCode,
  roles: ['ebp'],
  scopes: ['documents:write'],
});

/**
 * The foundation's proof on the real broker and database: an HTTP request to the gateway writes a message-log
 * row and its outbox event in one transaction; customs and tax each record it exactly once; customs' receipt
 * travels back to the gateway.
 */
describe('gateway → customs/tax → gateway, through Kafka and PostgreSQL', () => {
  const db = process.env.TEST_DATABASE_URL!;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  let gateway: ServiceProcess;
  let customs: ServiceProcess;
  let tax: ServiceProcess;

  beforeAll(async () => {
    gateway = ServiceProcess.spawn('gateway', { ...env, PORT: '4100' });
    customs = ServiceProcess.spawn('customs', { ...env, PORT: '4101' });
    tax = ServiceProcess.spawn('tax', { ...env, PORT: '4102' });
    await Promise.all([gateway.ready(), customs.ready(), tax.ready()]);
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), customs?.stop(), tax?.stop()]);
  });

  const post = (order: unknown, headers: Record<string, string> = {}) =>
    fetch(gateway.url('/v1/import/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${platformToken}`, ...headers },
      body: JSON.stringify(order),
    });

  it('accepts an order, records it once in customs and tax, and stores the customs receipt', async () => {
    const order: ImportOrder = importOrder();
    const response = await post(order, { 'x-correlation-id': 'e2e-pipeline-1' });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-correlation-id')).toBe('e2e-pipeline-1');
    const { messageId, correlationId } = (await response.json()) as {
      messageId: string;
      correlationId: string;
    };
    expect(correlationId).toBe('e2e-pipeline-1');

    // Same transaction: the log rows and the outbox row were written by one PostgreSQL transaction (same xmin).
    const [logRow] = await queryRows<{ xmin: string; raw_body: string; sub_xmin: string }>(
      db,
      `SELECT m.xmin::text, s.raw_body, s.xmin::text AS sub_xmin FROM gateway.message_log m
         JOIN gateway.submission s ON s.id = m.submission_id WHERE m.id = $1`,
      [messageId],
    );
    // The relay updates the outbox row when it is sent, so its own xmin changes: the row keeps the id of the
    // transaction that wrote it (created_xid, 64-bit; xmin is its low 32 bits).
    const [outboxRow] = await queryRows<{ xmin: string; key: string; envelope: { correlationId: string } }>(
      db,
      `SELECT (created_xid::text::bigint % 4294967296)::text AS xmin, key, envelope
         FROM gateway.outbox WHERE envelope->'payload'->>'messageId' = $1`,
      [messageId],
    );
    expect(outboxRow.xmin).toBe(logRow.xmin);
    expect(logRow.sub_xmin).toBe(logRow.xmin);
    expect(outboxRow.key).toBe(order.OrderHead.orderNo);
    expect(outboxRow.envelope.correlationId).toBe('e2e-pipeline-1');
    expect(JSON.parse(logRow.raw_body)).toEqual(order);

    const receipts = await waitFor(
      () =>
        queryRows<{ return_status: string; issued_by: string }>(
          db,
          'SELECT return_status, issued_by FROM gateway.receipt WHERE message_id = $1',
          [messageId],
        ),
      (rows) => rows.length > 0,
      { what: 'the customs receipt at the gateway' },
    );
    expect(receipts).toEqual([{ return_status: '2', issued_by: 'customs' }]);

    const recorded = await waitFor(
      () =>
        queryRows<{ n: number; tax: string }>(
          db,
          `SELECT (SELECT count(*)::int FROM customs.declared_document WHERE message_id = $1) AS n,
                  (SELECT tax_total::text FROM tax.withheld_tax WHERE message_id = $1) AS tax`,
          [messageId],
        ),
      (rows) => rows[0].n === 1 && rows[0].tax !== null,
      { what: 'customs and tax records' },
    );
    expect(recorded[0]).toEqual({ n: 1, tax: '23.28000' });
  });

  it('refuses an invalid order with every field error at once and stores nothing', async () => {
    const order = importOrder();
    const broken = {
      ...order,
      OrderHead: {
        ...order.OrderHead,
        goodsValue: 200,
        currency: '502',
        orderNo: 'X'.repeat(61),
        unexpected: 1,
      },
    };
    const before = await queryRows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM gateway.submission');
    const response = await post(broken);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { errors: { path: string; rule: string }[] };
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'OrderHead.goodsValue', rule: 'matches', message: expect.any(String) },
        { path: 'OrderHead.currency', rule: 'isIn', message: expect.any(String) },
        { path: 'OrderHead.orderNo', rule: 'isLength', message: expect.any(String) },
        { path: 'OrderHead.unexpected', rule: 'whitelistValidation', message: expect.any(String) },
      ]),
    );
    const after = await queryRows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM gateway.submission');
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses a request without a valid token (401) and a sender declaring for another platform (403)', async () => {
    const order = importOrder();
    const anonymous = await fetch(gateway.url('/v1/import/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const forged = await post(order, {
      authorization: `Bearer ${mintToken({ kind: 'enterprise', ent: 'X', roles: ['ebp'], scopes: ['documents:write'] }, 'another-secret-of-at-least-32-chars!!')}`,
    });
    expect(forged.status).toBe(401);
    const otherPlatform = mintToken({
      kind: 'enterprise',
      ent: '3301969999',
      roles: ['ebp'],
      scopes: ['documents:write'],
    });
    expect((await post(order, { authorization: `Bearer ${otherPlatform}` })).status).toBe(403);
    const readOnly = mintToken({
      kind: 'enterprise',
      ent: order.OrderHead.ebpCode,
      roles: ['ebp'],
      scopes: ['documents:read'],
    });
    expect((await post(order, { authorization: `Bearer ${readOnly}` })).status).toBe(403);
  });

  it('serves liveness, readiness and Prometheus metrics on every service', async () => {
    const lts = readFileSync(join(REPO_ROOT, '.nvmrc'), 'utf8').trim();
    for (const service of [gateway, customs, tax]) {
      const live = await fetch(service.url('/health'));
      expect(live.status).toBe(200);
      // Every service runs on the supported LTS pinned in .nvmrc, and says so.
      const liveness = (await live.json()) as { info: { runtime: { node: string } } };
      expect(liveness.info.runtime.node).toMatch(new RegExp(`^v${lts}\\.`));
      const ready = (await (await fetch(service.url('/health/ready'))).json()) as {
        details: Record<string, { status: string }>;
      };
      expect(ready.details.database.status).toBe('up');
      expect(ready.details.kafka.status).toBe('up');
      const metrics = await (await fetch(service.url('/metrics'))).text();
      expect(metrics).toContain(`service="${service.app}"`);
      expect(metrics).toContain('process_cpu_user_seconds_total');
    }
    const customsMetrics = await (await fetch(customs.url('/metrics'))).text();
    expect(customsMetrics).toMatch(
      /swx_messages_consumed_total\{topic="gateway\.external\.import-order\.accepted\.v2",outcome="processed",service="customs"\} [1-9]/,
    );
  });

  it('serves the OpenAPI document that docs/openapi.json exports (regenerate with npm run openapi)', async () => {
    const served = await (await fetch(gateway.url('/docs-json'))).json();
    const exported = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/openapi.json'), 'utf8'));
    expect(served).toEqual(exported);
    expect((await fetch(gateway.url('/docs'))).status).toBe(200);
  });

  it('fails fast at boot naming the bad variable', async () => {
    const bad = ServiceProcess.spawn(
      'tax',
      { ...env, PORT: '4199', KAFKA_BROKERS: 'not a broker list' },
      'tax-bad-env',
    );
    expect(await bad.exit()).toBe(1);
    await waitFor(
      () => readFileSync(bad.logFile, 'utf8'),
      (log) => log.includes('KAFKA_BROKERS'),
      {
        what: 'the error naming KAFKA_BROKERS',
        timeoutMs: 5000,
      },
    );
  });
});
