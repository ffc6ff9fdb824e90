import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

import type { MessageEnvelope } from '@swx/contracts';

import { KafkaProducerService } from './kafka-producer.service';
import { MessagingOptions } from './messaging.options';
import { markOutboxWrite, OutboxRelay, takeOutboxWrite } from './outbox.relay';
import { OutboxService } from './outbox.service';
import { outboxChannel, quoteChannel, reconnectDelayMs } from './pg-listener';

const options = {
  service: 'customs',
  schema: 'customs',
  outboxBatchSize: 500,
  outboxSweepIntervalMs: 3_600_000,
  outboxLingerMs: 0,
} as MessagingOptions;

const logger = {
  setContext: () => undefined,
  warn: () => undefined,
  info: () => undefined,
} as unknown as PinoLogger;

function queryRunner(active: boolean): QueryRunner {
  return { isTransactionActive: active, data: {} } as unknown as QueryRunner;
}

describe('outbox wake-up channel and reconnection', () => {
  it('names one channel per schema, usable as an identifier', () => {
    expect(outboxChannel('customs')).toBe('swx_outbox_customs');
    expect(outboxChannel('Tax')).toBe('swx_outbox_tax');
    expect(quoteChannel(outboxChannel('gateway'))).toBe('"swx_outbox_gateway"');
    expect(() => quoteChannel('x"; DROP TABLE y; --')).toThrow(/unsupported channel/);
  });

  it('reconnects after 250 ms, then backs off to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(reconnectDelayMs)).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
});

describe('commit marks', () => {
  it('are taken once, when the outermost transaction ends', () => {
    const qr = queryRunner(true);
    markOutboxWrite(qr);
    expect(takeOutboxWrite(qr)).toBe(false); // a savepoint was released: the transaction goes on
    (qr as { isTransactionActive: boolean }).isTransactionActive = false;
    expect(takeOutboxWrite(qr)).toBe(true);
    expect(takeOutboxWrite(qr)).toBe(false);
    expect(takeOutboxWrite(queryRunner(false))).toBe(false); // a transaction that wrote no outbox row
    expect(takeOutboxWrite(undefined)).toBe(false);
  });
});

describe('OutboxService.enqueue', () => {
  const wake = jest.fn();
  const service = new OutboxService(options, { wake } as unknown as OutboxRelay);
  const envelope = {
    id: '7d0f6a53-5b8e-4a5b-9d0e-0f0c8a3c5b11',
    type: 'T',
    key: 'K',
    correlationId: 'c',
    producer: 'customs',
  } as MessageEnvelope;

  beforeEach(() => wake.mockReset());

  it('writes the row and its notification in one statement, and marks the transaction', async () => {
    const qr = queryRunner(true);
    const query = jest.fn().mockResolvedValue([]);
    await service.enqueue({ queryRunner: qr, query } as unknown as EntityManager, 'topic.v1', envelope);
    expect(query).toHaveBeenCalledTimes(1);
    const [sql, params] = query.mock.calls[0] as [string, unknown[]];
    expect(sql).toMatch(/INSERT INTO "customs"."outbox"[\s\S]*pg_notify\(\$6, ''\)/);
    expect(params[5]).toBe('swx_outbox_customs');
    expect(wake).not.toHaveBeenCalled(); // not before the commit
    (qr as { isTransactionActive: boolean }).isTransactionActive = false;
    expect(takeOutboxWrite(qr)).toBe(true);
  });

  it('writes many events in one statement and one notification', async () => {
    const qr = queryRunner(true);
    const query = jest.fn().mockResolvedValue([]);
    const second = { ...envelope, id: '8e1f7b64-6c9f-4b6c-8e1f-1f1d9b4d6c22', key: 'K2' } as MessageEnvelope;
    await service.enqueueAll({ queryRunner: qr, query } as unknown as EntityManager, [
      { topic: 'a.v1', envelope },
      { topic: 'b.v1', envelope: second },
    ]);
    expect(query).toHaveBeenCalledTimes(1);
    const [sql, params] = query.mock.calls[0] as [string, unknown[][]];
    expect(sql).toMatch(/unnest\(/);
    expect(sql.match(/pg_notify/g)).toHaveLength(1);
    expect(params[1]).toEqual(['a.v1', 'b.v1']);
    expect(params[2]).toEqual(['K', 'K2']);
    expect(JSON.parse(params[3][1] as unknown as string)).toMatchObject({ 'swx-message-id': second.id });
    await service.enqueueAll({ queryRunner: qr, query } as unknown as EntityManager, []);
    expect(query).toHaveBeenCalledTimes(1); // nothing to write, no round trip
  });

  it('wakes the relay at once for a row written outside a transaction (committed already)', async () => {
    const query = jest.fn().mockResolvedValue([]);
    await service.enqueue({ query } as unknown as EntityManager, 'topic.v1', envelope);
    expect(wake).toHaveBeenCalledTimes(1);
  });
});

describe('OutboxRelay', () => {
  /** A relay on a fake data source whose publish transaction reports each round and returns `published`. */
  function relayWith(published: () => number) {
    const subscribers: EntitySubscriberInterface[] = [];
    const rounds: number[] = [];
    const dataSource = {
      subscribers,
      driver: { master: { options: { connectionString: 'postgres://127.0.0.1:1/none' } } },
      options: {},
      transaction: async () => {
        const n = published();
        rounds.push(n);
        return n;
      },
      query: async () => [{ pending: 0 }],
    } as unknown as DataSource;
    const relay = new OutboxRelay(options, dataSource, {} as KafkaProducerService, logger);
    // No LISTEN connection in a unit test: the listener would only retry against a closed port.
    (relay as unknown as { listenerConfig: () => object }).listenerConfig = () => ({
      host: '127.0.0.1',
      port: 1,
      connectionTimeoutMillis: 50,
    });
    return { relay, subscribers, rounds };
  }

  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('condition not reached');
      await new Promise((r) => setImmediate(r));
    }
  };

  it('publishes once at start, then only when a marked transaction commits, not on other commits', async () => {
    const { relay, subscribers, rounds } = relayWith(() => 0);
    relay.onApplicationBootstrap();
    try {
      await until(() => rounds.length === 1);
      expect(subscribers).toHaveLength(1);
      const [watch] = subscribers;

      const plain = queryRunner(false);
      await watch.afterTransactionCommit?.({ queryRunner: plain } as never);
      const marked = queryRunner(true);
      markOutboxWrite(marked);
      await watch.afterTransactionCommit?.({ queryRunner: marked } as never); // savepoint only
      await new Promise((r) => setTimeout(r, 20));
      expect(rounds).toHaveLength(1);

      (marked as { isTransactionActive: boolean }).isTransactionActive = false;
      await watch.afterTransactionCommit?.({ queryRunner: marked } as never);
      await until(() => rounds.length === 2);

      const rolledBack = queryRunner(true);
      markOutboxWrite(rolledBack);
      (rolledBack as { isTransactionActive: boolean }).isTransactionActive = false;
      await watch.afterTransactionRollback?.({ queryRunner: rolledBack } as never);
      await watch.afterTransactionCommit?.({ queryRunner: rolledBack } as never);
      await new Promise((r) => setTimeout(r, 20));
      expect(rounds).toHaveLength(2);
    } finally {
      await relay.onModuleDestroy();
    }
    expect(subscribers).toHaveLength(0);
  });

  it('retries a failed round by itself, after a backoff, without waiting for a wake-up', async () => {
    let calls = 0;
    const made = relayWith(() => {
      calls++;
      if (calls === 1) throw new Error('broker away');
      return 0;
    });
    made.relay.onApplicationBootstrap();
    try {
      await until(() => made.rounds.length === 1); // the retry, about 400 ms after the failure
      expect(calls).toBe(2);
    } finally {
      await made.relay.onModuleDestroy();
    }
  });

  it('merges wakes that come during a round into one more round, and keeps going while batches are full', async () => {
    const woken: { relay?: OutboxRelay } = {};
    let calls = 0;
    const made = relayWith(() => {
      calls++;
      if (calls === 2) {
        woken.relay?.wake();
        woken.relay?.wake();
      }
      return calls === 3 ? options.outboxBatchSize : 0;
    });
    const relay = (woken.relay = made.relay);
    relay.onApplicationBootstrap();
    try {
      await until(() => made.rounds.length === 1);
      relay.wake();
      // round 2 (woken), round 3 (the two wakes during round 2, merged), round 4 (round 3 was a full batch)
      await until(() => made.rounds.length === 4);
      await new Promise((r) => setTimeout(r, 20));
      expect(made.rounds).toEqual([0, 0, options.outboxBatchSize, 0]);
    } finally {
      await relay.onModuleDestroy();
    }
  });
});
