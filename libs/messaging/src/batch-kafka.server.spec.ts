import { EventEmitter } from 'node:events';

import type { Consumer } from 'kafkajs';
import type { DataSource } from 'typeorm';

import { BatchKafkaServer } from './batch-kafka.server';

/** A consumer double: records connect/run, emits kafkajs' CRASH event as kafkajs does after disconnecting. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const calls: string[] = [];
  let failConnects = 0;
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
    subscribe: async () => {
      calls.push('subscribe');
    },
    connect: async () => {
      calls.push('connect');
      if (failConnects > 0) {
        failConnects -= 1;
        throw new Error('broker unreachable');
      }
    },
    run: async () => {
      calls.push('run');
    },
  };
  return {
    consumer: consumer as unknown as Consumer,
    calls,
    crash: (restart: boolean, name = 'KafkaJSGroupCoordinatorNotFound') =>
      emitter.emit('consumer.crash', {
        payload: { error: Object.assign(new Error('Failed to find group coordinator'), { name }), restart },
      }),
    failNextConnects: (n: number) => {
      failConnects = n;
    },
  };
}

function server() {
  const warnings: object[] = [];
  const s = BatchKafkaServer.of(
    {
      service: 'svc',
      instanceId: 'i1',
      groupId: 'svc',
      brokers: ['127.0.0.1:1'],
      partitionsConcurrently: 1,
      consumerBatchSize: 10,
      maxAttempts: 3,
      retryBaseMs: 10,
    } as never,
    {
      dataSource: {} as DataSource,
      logger: { warn: (details: object) => warnings.push(details) },
      deadLetter: async () => undefined,
    },
  );
  return { s, warnings };
}

describe('BatchKafkaServer after a consumer crash', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts the consumer again after an error kafkajs does not restart on, with growing backoff', async () => {
    const { s, warnings } = server();
    const c = fakeConsumer();
    await s.bindEvents(c.consumer);
    expect(c.calls).toEqual(['run']);

    c.crash(false);
    await jest.advanceTimersByTimeAsync(499);
    expect(c.calls).toEqual(['run']);
    await jest.advanceTimersByTimeAsync(1);
    expect(c.calls).toEqual(['run', 'connect', 'run']);
    expect(warnings).toEqual([
      expect.objectContaining({ error: 'KafkaJSGroupCoordinatorNotFound', attempt: 1 }),
    ]);

    // A second crash before any batch was handled waits longer; a failed connect is retried, longer still.
    c.failNextConnects(1);
    c.crash(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(c.calls.slice(3)).toEqual(['connect']);
    await jest.advanceTimersByTimeAsync(2000);
    expect(c.calls.slice(3)).toEqual(['connect', 'connect', 'run']);
    expect(warnings.map((w) => (w as { delayMs: number }).delayMs)).toEqual([500, 1000, 2000]);
  });

  it('leaves restarts after retriable errors to kafkajs, and restarts nothing once closed', async () => {
    const { s } = server();
    const c = fakeConsumer();
    await s.bindEvents(c.consumer);
    c.crash(true, 'KafkaJSNumberOfRetriesExceeded');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(c.calls).toEqual(['run']);

    c.crash(false);
    await s.close();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(c.calls).toEqual(['run']);
  });
});
