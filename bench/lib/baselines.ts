import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { Kafka, logLevel } from 'kafkajs';

import type { EnterpriseSet, OrderSet } from './documents';
import { HttpClient } from './http';
import { type LoadOptions, runLoad, submitUnit, SubmitStats } from './load';
import { KAFKA_BROKERS, withPg } from './platform';
import { ProcessMonitor } from './procstats';
import { percentile, sleep } from './stats';

export interface BaselineFigure {
  name: string;
  /** What was counted: documents, messages or rows. */
  items: number;
  seconds: number;
  perSecond: number;
  note: string;
}

/** A realistic message body: the JSON of one accepted document in its envelope. */
function sampleValue(set: OrderSet, i: number): string {
  const types = ['CEB311', 'CEB411', 'CEB511', 'CEB621'] as const;
  return JSON.stringify({
    id: randomUUID(),
    type: 'ImportOrderAccepted',
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'gateway',
    key: set.orderNo,
    correlationId: randomUUID(),
    payload: { messageId: randomUUID(), document: set.documents[types[i % 4]] },
  });
}

/** kafkajs: produce `count` messages (idempotent, acks=-1, batches of 500 as the outbox relay), then consume them. */
export async function kafkaBaseline(count: number, sample: OrderSet): Promise<BaselineFigure[]> {
  const kafka = new Kafka({
    clientId: 'bench-baseline',
    brokers: [KAFKA_BROKERS],
    logLevel: logLevel.NOTHING,
  });
  const topic = `bench.baseline.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 6, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  const values = Array.from({ length: 64 }, (_, i) => sampleValue(sample, i));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
  await producer.connect();
  const t0 = Date.now();
  const batch = 500;
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += batch) {
    const messages = Array.from({ length: Math.min(batch, count - i) }, (_, k) => ({
      key: `BN${(i + k) % 100000}`,
      value: values[(i + k) % values.length],
    }));
    sends.push(producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 }));
    if (sends.length >= 4) await sends.shift();
  }
  await Promise.all(sends);
  const produceS = (Date.now() - t0) / 1000;
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `bench-baseline-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let firstAt = 0;
  const done = new Promise<void>((resolveDone) => {
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async () => {
        if (seen === 0) firstAt = Date.now();
        if (++seen >= count) resolveDone();
      },
    });
  });
  const deadline = sleep(120_000).then(() => undefined);
  await Promise.race([done, deadline]);
  const consumeS = (Date.now() - (firstAt || Date.now())) / 1000;
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return [
    {
      name: 'Kafka produce (kafkajs, idempotent, acks=-1, 500/batch)',
      items: count,
      seconds: produceS,
      perSecond: count / produceS,
      note: 'messages',
    },
    {
      name: 'Kafka consume (kafkajs eachMessage, 3 partitions at once)',
      items: seen,
      seconds: consumeS,
      perSecond: seen / Math.max(consumeS, 0.001),
      note: seen < count ? `messages (only ${seen} of ${count} within 120 s)` : 'messages',
    },
  ];
}

/** pg: insert `count` message_log-like rows, batched 500 per INSERT; then one row per transaction (10 clients). */
export async function postgresBaseline(
  databaseUrl: string,
  count: number,
  sample: OrderSet,
): Promise<BaselineFigure[]> {
  return withPg(databaseUrl, async (c) => {
    await c.query('CREATE SCHEMA IF NOT EXISTS bench_baseline');
    await c.query('DROP TABLE IF EXISTS bench_baseline.message_log');
    await c.query(`CREATE TABLE bench_baseline.message_log (
      id uuid PRIMARY KEY, document_type varchar(10) NOT NULL, sender_code varchar(18) NOT NULL,
      order_no varchar(60) NOT NULL, document jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
    const docs = (['CEB311', 'CEB411', 'CEB511', 'CEB621'] as const).map((t) => [
      t,
      JSON.stringify(sample.documents[t]),
    ]);
    const t0 = Date.now();
    for (let i = 0; i < count; i += 500) {
      const n = Math.min(500, count - i);
      const ids: string[] = [];
      const types: string[] = [];
      const bodies: string[] = [];
      const orders: string[] = [];
      for (let k = 0; k < n; k++) {
        const [t, d] = docs[(i + k) % 4];
        ids.push(randomUUID());
        types.push(t);
        bodies.push(d);
        orders.push(`BN${i + k}`);
      }
      await c.query(
        `INSERT INTO bench_baseline.message_log (id, document_type, sender_code, order_no, document)
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::jsonb[])`,
        [ids, types, types.map(() => '3301B10001'), orders, bodies],
      );
    }
    const batchedS = (Date.now() - t0) / 1000;

    // one row per transaction, 10 connections: what a per-message consumer transaction costs at best
    const clients = 10;
    const single = Math.min(count, 20_000);
    let next = 0;
    const t1 = Date.now();
    await Promise.all(
      Array.from({ length: clients }, () =>
        withPg(databaseUrl, async (w) => {
          while (next < single && Date.now() - t1 < 20_000) {
            const i = next++;
            const [t, d] = docs[i % 4];
            await w.query('BEGIN');
            await w.query(
              `INSERT INTO bench_baseline.message_log (id, document_type, sender_code, order_no, document)
               VALUES ($1, $2, $3, $4, $5)`,
              [randomUUID(), t, '3301B10001', `S${i}`, d],
            );
            await w.query('COMMIT');
          }
        }),
      ),
    );
    const singleS = (Date.now() - t1) / 1000;
    await c.query('DROP SCHEMA bench_baseline CASCADE');
    return [
      {
        name: 'PostgreSQL insert (pg, 500 rows/INSERT)',
        items: count,
        seconds: batchedS,
        perSecond: count / batchedS,
        note: 'rows',
      },
      {
        name: 'PostgreSQL insert (1 row/transaction, 10 clients)',
        items: next,
        seconds: singleS,
        perSecond: next / singleS,
        note: 'rows (commits)',
      },
    ];
  });
}

/** The bare Fastify endpoint driven by the same load loop, as fast as `maxInFlight` allows. */
export async function httpBaseline(
  port: number,
  load: LoadOptions,
  enterprises: EnterpriseSet,
): Promise<{ figure: BaselineFigure; p50: number; p99: number; cpuPercent: number }> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'bare-server.js'), String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const client = new HttpClient(64);
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        if ((await client.request(`${base}/health/ready`)).status === 200) break;
      } catch {
        await sleep(100);
      }
    }
    const stats = new SubmitStats();
    const monitor = new ProcessMonitor(() => ({ bare: child.pid ? [child.pid] : [] }));
    monitor.start(500);
    const result = await runLoad({ ...load, rate: 0 }, enterprises, (unit) =>
      submitUnit(client, unit, undefined, { baseUrl: base, retryForMs: 0, useIdempotencyKeys: true }, stats),
    );
    const usage = monitor.stop();
    client.close();
    const seconds = (result.endedAt - result.startedAt) / 1000;
    return {
      figure: {
        name: 'bare Fastify endpoint (same load loop, no auth/validation/DB/Kafka)',
        items: stats.documents,
        seconds,
        perSecond: stats.documents / seconds,
        note: `documents in ${stats.requests} requests (${stats.statuses.toString()})`,
      },
      p50: percentile(stats.requestLatencies, 50),
      p99: percentile(stats.requestLatencies, 99),
      cpuPercent: usage[0]?.cpuPercent ?? 0,
    };
  } finally {
    child.kill('SIGTERM');
  }
}
