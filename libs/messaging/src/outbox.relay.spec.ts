import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

import type { MessageEnvelope } from '@swx/contracts';

import { KafkaProducerService } from './kafka-producer.service';
import { MessagingOptions } from './messaging.options';
import { markOutboxWrite, OutboxRelay, takeOutboxWrite } from './outbox.relay';
import { OutboxService, outboxRollbackTo, outboxSavepoint } from './outbox.service';
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

describe('OutboxService', () => {
  const wake = jest.fn();
  const subscribers: EntitySubscriberInterface[] = [];
  const dataSource = { subscribers } as unknown as DataSource;
  const service = new OutboxService(options, { wake } as unknown as OutboxRelay, dataSource);
  const envelope = {
    id: '7d0f6a53-5b8e-4a5b-9d0e-0f0c8a3c5b11',
    type: 'T',
    key: 'K',
    correlationId: 'c',
    producer: 'customs',
  } as MessageEnvelope;
  const second = { ...envelope, id: '8e1f7b64-6c9f-4b6c-8e1f-1f1d9b4d6c22', key: 'K2' } as MessageEnvelope;
  const third = { ...envelope, id: '9f207c75-7daf-4c7d-9f20-2f2eac5e7d33', key: 'K3' } as MessageEnvelope;

  /**
   * A query runner of `dataSource` in a transaction, whose begin, savepoints, commit and rollback tell the
   * subscribers as TypeORM's do (depth counted the same way), and whose queries are recorded.
   */
  function transaction(of: DataSource = dataSource) {
    const query = jest.fn().mockResolvedValue([]);
    const qr = {
      isTransactionActive: true,
      transactionDepth: 1,
      data: {},
      connection: of,
      manager: { query },
    } as unknown as QueryRunner;
    (qr.manager as { queryRunner?: QueryRunner }).queryRunner = qr;
    const state = qr as unknown as { isTransactionActive: boolean; transactionDepth: number };
    const hooks = () => of.subscribers;
    const event = () => ({ queryRunner: qr, manager: qr.manager, connection: of }) as never;
    return {
      qr,
      query,
      manager: qr.manager as unknown as EntityManager,
      async savepoint() {
        state.transactionDepth++;
        for (const s of hooks()) await s.afterTransactionStart?.(event());
      },
      async commit() {
        for (const s of hooks()) await s.beforeTransactionCommit?.(event());
        state.transactionDepth--;
        if (state.transactionDepth === 0) state.isTransactionActive = false;
      },
      async rollback() {
        for (const s of hooks()) await s.beforeTransactionRollback?.(event());
        state.transactionDepth--;
        if (state.transactionDepth === 0) state.isTransactionActive = false;
      },
    };
  }

  /** The message ids written by one recorded outbox statement. */
  const idsOf = (call: unknown[]) => (call[1] as unknown[][])[0];

  beforeEach(() => wake.mockReset());

  it('holds the events of a transaction and writes them, with one notification, in one statement at its commit', async () => {
    const tx = transaction();
    await service.enqueue(tx.manager, 'a.v1', envelope);
    await service.enqueueAll(tx.manager, [{ topic: 'b.v1', envelope: second }]);
    await service.enqueueAll(tx.manager, []);
    expect(tx.query).not.toHaveBeenCalled(); // nothing before the commit
    await tx.commit();
    expect(tx.query).toHaveBeenCalledTimes(1);
    const [sql, params] = tx.query.mock.calls[0] as [string, unknown[][]];
    expect(sql).toMatch(/INSERT INTO "customs"."outbox"[\s\S]*unnest\([\s\S]*pg_notify\(\$6, ''\)/);
    expect(sql.match(/pg_notify/g)).toHaveLength(1);
    expect(params[0]).toEqual([envelope.id, second.id]);
    expect(params[1]).toEqual(['a.v1', 'b.v1']);
    expect(params[2]).toEqual(['K', 'K2']);
    expect(JSON.parse(params[3][1] as unknown as string)).toMatchObject({ 'swx-message-id': second.id });
    expect(params[5]).toBe('swx_outbox_customs');
    expect(wake).not.toHaveBeenCalled(); // the relay wakes after the commit, from the mark
    expect(takeOutboxWrite(tx.qr)).toBe(true);
  });

  it('writes nothing for a transaction that rolls back, and nothing at the commit of one that published nothing', async () => {
    const rolledBack = transaction();
    await service.enqueue(rolledBack.manager, 'a.v1', envelope);
    await rolledBack.rollback();
    expect(rolledBack.query).not.toHaveBeenCalled();
    const empty = transaction();
    await empty.commit();
    expect(empty.query).not.toHaveBeenCalled();
  });

  it('drops the events published after a savepoint the caller rolls back to, and keeps the rest', async () => {
    const tx = transaction();
    await service.enqueue(tx.manager, 'a.v1', envelope);
    const mark = outboxSavepoint(tx.manager);
    await service.enqueue(tx.manager, 'a.v1', second);
    outboxRollbackTo(tx.manager, mark);
    await service.enqueue(tx.manager, 'a.v1', third);
    await tx.commit();
    expect(tx.query).toHaveBeenCalledTimes(1);
    expect(idsOf(tx.query.mock.calls[0])).toEqual([envelope.id, third.id]);
  });

  it("follows TypeORM's nested transactions: a released savepoint keeps its events, a rolled-back one drops them", async () => {
    const tx = transaction();
    await tx.savepoint(); // opened before any event: its rollback must still drop what it published
    await service.enqueue(tx.manager, 'a.v1', envelope);
    await tx.rollback();
    await tx.savepoint();
    await service.enqueue(tx.manager, 'a.v1', second);
    await tx.commit(); // RELEASE SAVEPOINT: nothing written yet
    expect(tx.query).not.toHaveBeenCalled();
    await service.enqueue(tx.manager, 'a.v1', third);
    await tx.commit();
    expect(tx.query).toHaveBeenCalledTimes(1);
    expect(idsOf(tx.query.mock.calls[0])).toEqual([second.id, third.id]);
  });

  it('writes at once in a transaction of another data source, whose commit it would not see', async () => {
    const other = transaction({ subscribers: [] } as unknown as DataSource);
    await service.enqueue(other.manager, 'a.v1', envelope);
    expect(other.query).toHaveBeenCalledTimes(1);
    expect(wake).not.toHaveBeenCalled(); // not committed yet
    (other.qr as { isTransactionActive: boolean }).isTransactionActive = false;
    expect(takeOutboxWrite(other.qr)).toBe(true);
  });

  it('writes at once and wakes the relay for an event written outside a transaction (committed already)', async () => {
    const query = jest.fn().mockResolvedValue([]);
    await service.enqueue({ query } as unknown as EntityManager, 'topic.v1', envelope);
    expect(query).toHaveBeenCalledTimes(1);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('stops watching transactions when the module is destroyed', () => {
    const before = subscribers.length;
    const own = new OutboxService(options, { wake } as unknown as OutboxRelay, dataSource);
    expect(subscribers).toHaveLength(before + 1);
    own.onModuleDestroy();
    expect(subscribers).toHaveLength(before);
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
