import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';

import { createEnvelope, DEMO_ENTERPRISES } from '@swx/contracts';
import { type MessagingOptions, OutboxRelay, OutboxService, parseBrokers } from '@swx/messaging';
import { importOrder, mintToken, queryRows, ServiceProcess, waitFor } from '@swx/testing';

/** Far beyond every deadline below: a row published in time was published by a wake-up, never by the sweep. */
const SWEEP_MS = '600000';
/** A topic of this test alone: nothing consumes it, so its bogus payloads reach no other suite's services. */
const TOPIC = 'swx.test.outbox-wakeup.v1';
const PROMPTLY = { timeoutMs: 10_000, intervalMs: 50 };

/**
 * The outbox relay does not poll: with its fallback sweep at ten minutes, rows are published within seconds,
 * woken by the commit in the writing process and, across processes, by `LISTEN/NOTIFY` — also after its LISTEN
 * connection was killed.
 */
describe('outbox relay wake-ups on the real database and broker', () => {
  const db = process.env.TEST_DATABASE_URL!;
  const brokers = process.env.KAFKA_BROKERS!;
  const kafka = new Kafka({
    clientId: 'outbox-wakeup-test',
    brokers: parseBrokers(brokers),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  let gateway: ServiceProcess;
  let dataSource: DataSource;
  /** An outbox writer in this test process: a process without a relay, so only NOTIFY can wake one. */
  let foreignWriter: OutboxService;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
    gateway = await ServiceProcess.spawn(
      'gateway',
      { DATABASE_URL: db, KAFKA_BROKERS: brokers, PORT: '4930', OUTBOX_SWEEP_INTERVAL_MS: SWEEP_MS },
      'outbox-wakeup-gateway',
    ).ready();
    dataSource = await new DataSource({
      type: 'postgres',
      url: db,
      applicationName: 'outbox-wakeup-test',
    }).initialize();
    foreignWriter = new OutboxService(
      { schema: 'gateway' } as MessagingOptions,
      { wake: () => undefined } as unknown as OutboxRelay,
      dataSource,
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await dataSource?.destroy();
    await admin.disconnect();
  });

  const unsent = async (messageIds: string[]) =>
    (
      await queryRows<{ n: number }>(
        db,
        'SELECT count(*)::int AS n FROM gateway.outbox WHERE message_id = ANY($1::uuid[]) AND sent_at IS NULL',
        [messageIds],
      )
    )[0].n;

  const topicEnd = async () => Number((await admin.fetchTopicOffsets(TOPIC))[0].high);

  /** Commits `count` outbox rows of TOPIC from this process, in one transaction; returns their message ids. */
  const writeForeign = async (count: number, tag: string): Promise<string[]> => {
    const envelopes = Array.from({ length: count }, (_, i) =>
      createEnvelope({
        type: 'OutboxWakeupProbe',
        version: 1,
        producer: 'gateway',
        key: `${tag}-${i}`,
        correlationId: `outbox-wakeup-${tag}`,
        payload: { i },
      }),
    );
    await dataSource.transaction(async (manager) => {
      // both ways of writing: one event, then the rest in one statement
      await foreignWriter.enqueue(manager, TOPIC, envelopes[0]);
      await foreignWriter.enqueueAll(
        manager,
        envelopes.slice(1).map((envelope) => ({ topic: TOPIC, envelope })),
      );
    });
    return envelopes.map((e) => e.id);
  };

  const listeners = () =>
    queryRows<{ pid: number; query: string }>(
      db,
      `SELECT pid, query FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'gateway-outbox-listener'`,
    );

  it('publishes an event committed by the gateway at once, though its sweep is ten minutes away', async () => {
    const token = mintToken({
      kind: 'enterprise',
      ent: DEMO_ENTERPRISES.platform.customsCode,
      roles: ['ebp'],
      scopes: ['documents:write'],
    });
    const response = await fetch(gateway.url('/v1/import/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(importOrder()),
    });
    expect(response.status).toBe(202);
    const { messageId } = (await response.json()) as { messageId: string };
    const rows = await waitFor(
      () =>
        queryRows<{ sent: boolean }>(
          db,
          `SELECT sent_at IS NOT NULL AS sent FROM gateway.outbox WHERE envelope->'payload'->>'messageId' = $1`,
          [messageId],
        ),
      (r) => r.length === 1 && r[0].sent,
      { ...PROMPTLY, what: "the intake's outbox row to be published" },
    );
    expect(rows).toEqual([{ sent: true }]);
  });

  it('publishes rows committed by another process, which has no relay, through LISTEN/NOTIFY', async () => {
    const [listener] = await listeners();
    expect(listener?.query).toMatch(/^LISTEN "swx_outbox_gateway"/);
    const before = await topicEnd();
    const ids = await writeForeign(25, 'foreign');
    await waitFor(
      () => unsent(ids),
      (n) => n === 0,
      { ...PROMPTLY, what: 'the foreign rows to be published' },
    );
    // acknowledged by the broker before they were marked sent, in one batch and in order
    expect(await topicEnd()).toBe(before + 25);
  });

  it('reopens its LISTEN connection after it was killed and is woken through the new one', async () => {
    const [old] = await listeners();
    expect(old).toBeDefined();
    const [{ killed }] = await queryRows<{ killed: boolean }>(
      db,
      'SELECT pg_terminate_backend($1) AS killed',
      [old.pid],
    );
    expect(killed).toBe(true);
    const [fresh] = await waitFor(
      listeners,
      (rows) => rows.length === 1 && rows[0].pid !== old.pid && rows[0].query.startsWith('LISTEN'),
      { ...PROMPTLY, what: 'a new LISTEN connection' },
    );
    expect(fresh.pid).not.toBe(old.pid);

    // Written after the new connection listens: only a notification on it can wake the relay in time.
    const before = await topicEnd();
    const ids = await writeForeign(3, 'after-kill');
    await waitFor(
      () => unsent(ids),
      (n) => n === 0,
      {
        ...PROMPTLY,
        what: 'rows written after the reconnection to be published',
      },
    );
    expect(await topicEnd()).toBe(before + 3);
    expect(gateway.running).toBe(true);
  });
});
