import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

import { Kafka, KafkaMessage, logLevel, Partitioners } from 'kafkajs';

import {
  CEB311,
  createEnvelope,
  deadLetterTopic,
  Headers,
  ImportOrderAccepted,
  orderKey,
  Topics,
} from '@swx/contracts';
import { distPath, importOrder, queryRows, ServiceProcess, TEST_SECRETS, waitFor } from '@swx/testing';

import { GatewayEnv } from '../apps/gateway/src/gateway.env';
import { PersonTokeniser } from '../apps/gateway/src/personal-data/person-tokeniser';

const TOPIC = Topics.ImportOrderAccepted.name;
const DLT = deadLetterTopic(TOPIC);

// As the gateway publishes orders: person fields as token lists under the test platform's keys, masked beside.
const tokeniser = new PersonTokeniser(
  Object.assign(new GatewayEnv(), { PERSON_TOKEN_KEYS: TEST_SECRETS.PERSON_TOKEN_KEYS }),
);

function acceptedEnvelope(messageId: string, orderNo: string) {
  const { document, masked } = tokeniser.tokeniseDocument(CEB311, importOrder({ orderNo }));
  const payload: ImportOrderAccepted & { masked: Record<string, string> } = {
    messageId,
    messageType: 'CEB311',
    senderCode: document.OrderHead.ebpCode,
    receivedAt: new Date().toISOString(),
    document,
    masked,
  };
  return createEnvelope({
    type: Topics.ImportOrderAccepted.messageType,
    version: Topics.ImportOrderAccepted.version,
    producer: 'gateway',
    key: orderKey(orderNo),
    correlationId: `dlt-test-${orderNo}`,
    payload,
  });
}

/** The envelope id of a dead-letter record; undefined for a record that is not an envelope (a parked poison). */
function envelopeIdOf(record: KafkaMessage): string | undefined {
  try {
    return (JSON.parse(record.value?.toString() ?? '') as { id?: string }).id;
  } catch {
    return undefined;
  }
}

/**
 * A poison message is retried, then parked on `<topic>.dlt` with its error and original headers, and the
 * messages behind it on the same partition are handled. After the cause is fixed, the replay command sends
 * the parked message back and it succeeds; a second replay sends nothing.
 */
describe('dead-letter topic and replay', () => {
  const db = process.env.TEST_DATABASE_URL!;
  const brokers = process.env.KAFKA_BROKERS!;
  const kafka = new Kafka({ clientId: 'dlt-e2e', brokers: brokers.split(','), logLevel: logLevel.WARN });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const replayGroup = `dlt-e2e-replay-${Date.now()}`;
  let customs: ServiceProcess;

  beforeAll(async () => {
    customs = await ServiceProcess.spawn('customs', {
      DATABASE_URL: db,
      KAFKA_BROKERS: brokers,
      PORT: '4120',
      CONSUMER_MAX_ATTEMPTS: '3',
      CONSUMER_RETRY_BASE_MS: '50',
    }).ready();
    await producer.connect();
    // The broker outlives test runs: start the replay group at the current end of the dead-letter topic.
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: replayGroup, topic: DLT, earliest: false });
    await admin.disconnect();
  });

  afterAll(async () => {
    await queryRows(db, 'ALTER TABLE customs.declared_document DROP CONSTRAINT IF EXISTS dlt_e2e_block');
    await queryRows(db, 'ALTER TABLE customs.declared_document DROP CONSTRAINT IF EXISTS dlt_e2e_stop');
    await producer.disconnect();
    await customs?.stop();
  });

  /** Every record on the dead-letter topic written since `since`, read up to the current end. */
  async function deadLetters(since: Date): Promise<KafkaMessage[]> {
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(DLT);
    await admin.disconnect();
    const high = new Map(ends.map((e) => [e.partition, Number(e.high)]));
    const pending = new Set(ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => e.partition));
    const seen: KafkaMessage[] = [];
    if (pending.size === 0) return seen;
    const consumer = kafka.consumer({ groupId: `dlt-e2e-reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: DLT, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            if (Number(message.timestamp) >= since.getTime()) seen.push(message);
            if (Number(message.offset) + 1 >= (high.get(partition) ?? 0)) pending.delete(partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    return seen;
  }

  it('parks poison messages after their retries without holding up the ones behind them, then replays', async () => {
    const since = new Date(Date.now() - 1000);
    const orderNo = `DLT-${Date.now()}`;
    const first = acceptedEnvelope(randomUUID(), orderNo);
    // A rule of customs' own table that this document breaks, until an operator removes it (the cause, fixed).
    const blocked = acceptedEnvelope(randomUUID(), `${orderNo}-BLOCK`);
    await queryRows(
      db,
      `ALTER TABLE customs.declared_document ADD CONSTRAINT dlt_e2e_block CHECK (order_no NOT LIKE '%-BLOCK') NOT VALID`,
    );
    const behind = acceptedEnvelope(randomUUID(), orderNo);
    const key = first.key;
    await producer.send({
      topic: TOPIC,
      messages: [
        { key, value: JSON.stringify(first) },
        { key, value: 'this is not json {', headers: { 'x-origin': 'e2e-poison' } },
        { key, value: JSON.stringify(blocked), headers: { 'x-origin': 'e2e-blocked' } },
        { key, value: JSON.stringify(behind) },
      ],
    });

    await waitFor(
      () =>
        queryRows<{ n: number }>(
          db,
          'SELECT count(*)::int AS n FROM customs.declared_document WHERE message_id = $1',
          [behind.payload.messageId],
        ),
      (rows) => rows[0].n === 1,
      { what: 'the message behind the poison to be recorded' },
    );

    const parked = await waitFor(
      () => deadLetters(since),
      (m) => m.length >= 2,
      {
        what: 'two records on the dead-letter topic',
        intervalMs: 500,
      },
    );
    const byOrigin = new Map(parked.map((m) => [m.headers?.['x-origin']?.toString(), m]));
    const poison = byOrigin.get('e2e-poison')!;
    const conflict = byOrigin.get('e2e-blocked')!;
    expect(poison.value?.toString()).toBe('this is not json {');
    expect(poison.key?.toString()).toBe(key);
    expect(poison.headers?.[Headers.DltError]?.toString()).toMatch(
      /PoisonMessageError: message value is not a JSON object/,
    );
    // Bytes that cannot be decoded never will be: parked at the first attempt. A handler failure gets them all.
    expect(poison.headers?.[Headers.DltAttempts]?.toString()).toBe('1');
    expect(conflict.headers?.[Headers.DltAttempts]?.toString()).toBe('3');
    expect(poison.headers?.[Headers.DltOriginalTopic]?.toString()).toBe(TOPIC);
    expect(poison.headers?.[Headers.DltConsumerGroup]?.toString()).toBe('customs');
    expect(Number(poison.headers?.[Headers.DltOriginalOffset]?.toString())).toBeGreaterThanOrEqual(0);
    expect(conflict.headers?.[Headers.DltError]?.toString()).toMatch(/check constraint/);
    expect(JSON.parse(conflict.value!.toString()).id).toBe(blocked.id);

    // The operator removes what blocked the document, then replays.
    await queryRows(db, 'ALTER TABLE customs.declared_document DROP CONSTRAINT dlt_e2e_block');
    const replay = async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [distPath('libs/messaging/src/cli/dlt-replay.js'), DLT, '--group', replayGroup],
        { env: { ...process.env, KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' } },
      );
      return JSON.parse(stdout.trim().split('\n').pop()!) as {
        replayed: number;
        byTopic: Record<string, number>;
      };
    };
    const result = await replay();
    expect(result.replayed).toBe(2);
    expect(result.byTopic[TOPIC]).toBe(2);

    const recorded = await waitFor(
      () =>
        queryRows<{ correlation: string }>(
          db,
          `SELECT m.message_id AS correlation FROM customs.inbox m WHERE m.message_id = $1`,
          [blocked.id],
        ),
      (rows) => rows.length === 1,
      { what: 'the replayed document to be handled' },
    );
    expect(recorded).toHaveLength(1);
    const doc = await queryRows<{ n: number }>(
      db,
      'SELECT count(*)::int AS n FROM customs.declared_document WHERE message_id = $1',
      [blocked.payload.messageId],
    );
    expect(doc[0].n).toBe(1);

    // The poison is still poison: it is parked again (a new record), while the already-replayed ones are not resent.
    await waitFor(
      () => deadLetters(since),
      (m) => m.length >= 3,
      { what: 'the poison parked again', intervalMs: 500 },
    );
    const again = await replay();
    expect(again.replayed).toBe(1);
  });

  it('handles a partition in few transactions, and a failing message alone, without reordering its key', async () => {
    const since = new Date(Date.now() - 1000);
    const base = `BATCH-${Date.now()}`;
    // The 50th order breaks a rule of customs' own table: it fails every attempt and is parked.
    await queryRows(
      db,
      `ALTER TABLE customs.declared_document ADD CONSTRAINT dlt_e2e_stop CHECK (order_no NOT LIKE '%-STOP') NOT VALID`,
    );
    const envelopes = Array.from({ length: 100 }, (_, i) =>
      acceptedEnvelope(randomUUID(), i === 50 ? `${base}-${i}-STOP` : `${base}-${i}`),
    );
    // One key for all: one partition, in this order.
    const key = orderKey(base);
    await producer.send({
      topic: TOPIC,
      messages: envelopes.map((e) => ({ key, value: JSON.stringify(e) })),
    });
    const ids = envelopes.map((e) => e.id);
    const inbox = await waitFor(
      () =>
        queryRows<{ message_id: string; xid: string; processed_at: Date }>(
          db,
          `SELECT message_id::text, xmin::text AS xid, processed_at FROM customs.inbox WHERE message_id = ANY($1::uuid[])`,
          [ids],
        ),
      (rows) => rows.length === 99,
      { what: 'the 99 good messages in the inbox' },
    );
    try {
      const byId = new Map(inbox.map((r) => [r.message_id, r]));
      expect(byId.has(ids[50])).toBe(false);
      const before = ids.slice(0, 50).map((id) => byId.get(id)!);
      const after = ids.slice(51).map((id) => byId.get(id)!);
      // Batches, not one transaction a message.
      expect(new Set(inbox.map((r) => r.xid)).size).toBeLessThanOrEqual(10);
      // Everything after the failing message committed after everything before it, and after it was parked.
      expect(Math.max(...before.map((r) => Number(r.xid)))).toBeLessThan(
        Math.min(...after.map((r) => Number(r.xid))),
      );
      const parked = await waitFor(
        () => deadLetters(since),
        (m) => m.some((r) => envelopeIdOf(r) === ids[50]),
        { what: 'the failing message on the dead-letter topic', intervalMs: 500 },
      );
      const stopped = parked.find((r) => envelopeIdOf(r) === ids[50])!;
      expect(stopped.headers?.[Headers.DltAttempts]?.toString()).toBe('3');
      expect(stopped.headers?.[Headers.DltError]?.toString()).toMatch(/check constraint/);
      const firstAfter = Math.min(...after.map((r) => new Date(r.processed_at).getTime()));
      expect(Number(stopped.timestamp)).toBeLessThanOrEqual(firstAfter);
      const recorded = await queryRows<{ n: number }>(
        db,
        'SELECT count(*)::int AS n FROM customs.declared_document WHERE message_id = ANY($1::uuid[])',
        [envelopes.map((e) => e.payload.messageId)],
      );
      expect(recorded[0].n).toBe(99);
    } finally {
      await queryRows(db, 'ALTER TABLE customs.declared_document DROP CONSTRAINT dlt_e2e_stop');
    }
  });
});
