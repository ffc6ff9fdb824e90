import { randomUUID } from 'node:crypto';

import { Controller, INestMicroservice, Module, Type, ValidationPipe } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { CustomTransportStrategy, KafkaContext, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { EntityManager } from 'typeorm';

import {
  createEnvelope,
  DocumentReceipt,
  EnterpriseChanged,
  type MessageEnvelope,
  type TopicDefinition,
  Topics,
} from '@swx/contracts';

import { TransactionalKafkaContext } from './batch-kafka.server';
import {
  ConsumeTopic,
  ConsumeTopicBatch,
  consumedTopicsOf,
  consumesMismatch,
  TopicConsumer,
  TopicHandlersCheck,
  topicHandlersOf,
} from './consume-topic';
import { PoisonMessageError } from './errors';
import { type ConsumeOutcome, decodeEnvelope, MessageConsumerService } from './message-consumer.service';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';

/** A transport that only registers handlers, so a test can call them as Nest's Kafka server would. */
class InMemoryTransport extends Server implements CustomTransportStrategy {
  listen(callback: () => void): void {
    callback();
  }
  close(): void {}
  on(): void {}
  unwrap<T>(): T {
    return undefined as T;
  }
}

/** Stands in for the inbox-backed runner: decodes like it, then runs the handler in a fake transaction. */
class FakeMessageConsumer {
  outcome: ConsumeOutcome = 'processed';
  readonly payloadTypes: Type<unknown>[] = [];
  /** What the real runner would retry and then dead-letter (Nest's event pipeline hides it from the caller). */
  readonly failures: unknown[] = [];
  readonly manager = { transaction: 'tx-1' } as unknown as EntityManager;

  async consume<P extends object>(
    context: KafkaContext,
    payloadType: Type<P>,
    handler: (envelope: MessageEnvelope<P>, manager: EntityManager) => Promise<void>,
  ): Promise<ConsumeOutcome> {
    this.payloadTypes.push(payloadType);
    try {
      const envelope = await decodeEnvelope(context.getMessage().value, payloadType);
      if (this.outcome === 'processed') await handler(envelope, this.manager);
      return this.outcome;
    } catch (e) {
      this.failures.push(e);
      throw e;
    }
  }
}

@Controller()
class TestConsumer {
  readonly received: { envelope: MessageEnvelope<DocumentReceipt>; manager: EntityManager }[] = [];
  readonly enterprises: EnterpriseChanged[] = [];
  afterCommits = 0;

  @ConsumeTopic(Topics.DocumentReceipt, { afterCommit: (self: TestConsumer) => self.afterCommits++ })
  async onReceipt(envelope: MessageEnvelope<DocumentReceipt>, manager: EntityManager): Promise<void> {
    this.received.push({ envelope, manager });
  }

  @ConsumeTopic(Topics.EnterpriseChanged)
  async onEnterprise(envelope: MessageEnvelope<EnterpriseChanged>): Promise<void> {
    this.enterprises.push(envelope.payload);
  }
}

function moduleWith(consumes: string[], consumer: FakeMessageConsumer) {
  @Module({
    imports: [DiscoveryModule],
    controllers: [TestConsumer],
    providers: [
      TopicConsumer,
      TopicHandlersCheck,
      { provide: MessageConsumerService, useValue: consumer },
      { provide: MESSAGING_OPTIONS, useValue: { service: 'gateway', consumes } as Partial<MessagingOptions> },
    ],
  })
  class TestModule {}
  return TestModule;
}

const receiptPayload = (): DocumentReceipt => ({
  messageId: randomUUID(),
  documentType: 'CEB311',
  orderNo: 'ORD-1',
  returnStatus: '120',
  returnTime: '20260101120000000',
  returnInfo: '[Code:1800;Desc:逻辑校验通过]',
});

function kafkaContext(topic: TopicDefinition, value: unknown): KafkaContext {
  const message = { key: 'k', value, offset: '0', headers: {} };
  return new KafkaContext([message as never, 0, topic.name, {} as never, async () => undefined, {} as never]);
}

function envelopeOn(topic: TopicDefinition, payload: object, type = topic.messageType) {
  return createEnvelope({
    type,
    version: topic.version,
    producer: topic.producer,
    key: 'k',
    correlationId: 'c',
    payload,
  });
}

describe('@ConsumeTopic in a Nest microservice', () => {
  let app: INestMicroservice;
  let transport: InMemoryTransport;
  let consumer: FakeMessageConsumer;

  beforeEach(async () => {
    consumer = new FakeMessageConsumer();
    transport = new InMemoryTransport();
    app = await NestFactory.createMicroservice(
      moduleWith([Topics.DocumentReceipt.name, Topics.EnterpriseChanged.name], consumer),
      { strategy: transport, logger: false },
    );
    // As the services run: the platform's validation pipe applies to event handlers too.
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.listen();
  });

  afterEach(async () => {
    await app.close();
  });

  async function deliver(topic: TopicDefinition, value: unknown): Promise<void> {
    const handler = transport.getHandlerByPattern(topic.name);
    if (!handler) throw new Error(`no handler for ${topic.name}`);
    const result = await handler(value, kafkaContext(topic, value));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  it('registers one event listener per decorated topic', () => {
    const handlers = transport.getHandlers();
    expect([...handlers.keys()].sort()).toEqual(
      [Topics.DocumentReceipt.name, Topics.EnterpriseChanged.name].sort(),
    );
    expect([...handlers.values()].every((h) => h.isEventHandler)).toBe(true);
  });

  it('decodes with the topic’s payload class and runs the handler in the consumer’s transaction', async () => {
    const payload = receiptPayload();
    await deliver(Topics.DocumentReceipt, envelopeOn(Topics.DocumentReceipt, payload));

    const instance = app.get(TestConsumer);
    expect(consumer.payloadTypes).toEqual([Topics.DocumentReceipt.payload]);
    expect(instance.received).toHaveLength(1);
    expect(instance.received[0].envelope.payload).toBeInstanceOf(DocumentReceipt);
    expect(instance.received[0].envelope.payload).toEqual(expect.objectContaining(payload));
    expect(instance.received[0].manager).toBe(consumer.manager);
    expect(instance.afterCommits).toBe(1);
  });

  it('runs nothing after commit for a duplicate', async () => {
    consumer.outcome = 'duplicate';
    await deliver(Topics.DocumentReceipt, envelopeOn(Topics.DocumentReceipt, receiptPayload()));
    const instance = app.get(TestConsumer);
    expect(instance.received).toHaveLength(0);
    expect(instance.afterCommits).toBe(0);
  });

  it('refuses a message whose type is not the topic’s, as a poison message', async () => {
    const wrong = envelopeOn(Topics.DocumentReceipt, receiptPayload(), Topics.TaxBillIssued.messageType);
    await expect(deliver(Topics.DocumentReceipt, wrong)).rejects.toBeDefined();
    expect(consumer.failures).toHaveLength(1);
    expect(consumer.failures[0]).toBeInstanceOf(PoisonMessageError);
    expect((consumer.failures[0] as Error).message).toMatch(
      /TaxBillIssued v1 on customs\.external\.document-receipt/,
    );
    expect(app.get(TestConsumer).received).toHaveLength(0);
    expect(app.get(TestConsumer).afterCommits).toBe(0);
  });

  it('refuses a payload that fails the topic’s class', async () => {
    const bad = { ...receiptPayload(), returnTime: 'yesterday' };
    await expect(
      deliver(Topics.DocumentReceipt, envelopeOn(Topics.DocumentReceipt, bad)),
    ).rejects.toBeDefined();
    expect(consumer.failures).toHaveLength(1);
    expect((consumer.failures[0] as Error).message).toMatch(/invalid DocumentReceipt payload: returnTime/);
  });

  it('leaves the handler a plain method', async () => {
    const instance = app.get(TestConsumer);
    const envelope = envelopeOn(Topics.DocumentReceipt, receiptPayload()) as MessageEnvelope<DocumentReceipt>;
    await instance.onReceipt(envelope, consumer.manager);
    expect(instance.received[0].envelope).toBe(envelope);
  });
});

describe('the consumes list against the handlers', () => {
  it('fails the start when a handled topic is not consumed or a consumed one has no handler', async () => {
    const consumer = new FakeMessageConsumer();
    const start = (consumes: string[]) =>
      NestFactory.createApplicationContext(moduleWith(consumes, consumer), {
        logger: false,
        abortOnError: false,
      });

    await expect(start([Topics.DocumentReceipt.name, Topics.TaxBillIssued.name])).rejects.toThrow(
      new RegExp(
        [
          `TestConsumer.onEnterprise handles ${Topics.EnterpriseChanged.name}, which gateway does not list`,
          `gateway consumes ${Topics.TaxBillIssued.name} but no @ConsumeTopic handler handles it`,
        ].join('.*'),
      ),
    );
    const fine = await start([Topics.EnterpriseChanged.name, Topics.DocumentReceipt.name]);
    await fine.close();
  });

  it('derives the consumed topics from the handler classes', () => {
    expect(consumedTopicsOf(TestConsumer)).toEqual([
      Topics.DocumentReceipt.name,
      Topics.EnterpriseChanged.name,
    ]);
    expect(topicHandlersOf(TestConsumer).map((h) => h.method)).toEqual(['onReceipt', 'onEnterprise']);
    expect(consumesMismatch('tax', ['a', 'b'], [{ topic: 'a', by: 'X.onA' }])).toEqual([
      'tax consumes b but no @ConsumeTopic handler handles it',
    ]);
  });

  it('refuses two handlers of one topic in a class', () => {
    const define = () => {
      class Twice {
        @ConsumeTopic(Topics.EnterpriseChanged)
        async first(): Promise<void> {}

        @ConsumeTopic(Topics.EnterpriseChanged)
        async second(): Promise<void> {}
      }
      return Twice;
    };
    expect(define).toThrow(/Twice has two handlers of gateway\.external\.enterprise\.changed\.v2/);
  });

  it('does not compile a handler for another topic’s payload', () => {
    class Mistyped {
      // @ts-expect-error the topic carries enterprise records, the handler takes receipts
      @ConsumeTopic(Topics.EnterpriseChanged)
      async onReceipt(envelope: MessageEnvelope<DocumentReceipt>): Promise<void> {
        void envelope.payload.returnStatus;
      }
    }
    expect(topicHandlersOf(Mistyped)).toHaveLength(1);
  });
});

@Controller()
class BatchTestConsumer {
  readonly calls: { envelopes: MessageEnvelope<DocumentReceipt>[]; manager: EntityManager }[] = [];
  afterCommits = 0;

  @ConsumeTopicBatch(Topics.DocumentReceipt, {
    afterCommit: (self: BatchTestConsumer) => self.afterCommits++,
  })
  async onReceipts(envelopes: MessageEnvelope<DocumentReceipt>[], manager: EntityManager): Promise<void> {
    this.calls.push({ envelopes, manager });
  }
}

describe('@ConsumeTopicBatch', () => {
  let app: INestMicroservice;
  let transport: InMemoryTransport;
  let consumer: FakeMessageConsumer;

  beforeEach(async () => {
    consumer = new FakeMessageConsumer();
    transport = new InMemoryTransport();
    @Module({
      imports: [DiscoveryModule],
      controllers: [BatchTestConsumer],
      providers: [
        TopicConsumer,
        TopicHandlersCheck,
        { provide: MessageConsumerService, useValue: consumer },
        {
          provide: MESSAGING_OPTIONS,
          useValue: {
            service: 'gateway',
            consumes: [Topics.DocumentReceipt.name],
          } as Partial<MessagingOptions>,
        },
      ],
    })
    class BatchModule {}
    app = await NestFactory.createMicroservice(BatchModule, { strategy: transport, logger: false });
    await app.listen();
  });

  afterEach(async () => {
    await app.close();
  });

  const listener = () => {
    const handler = transport.getHandlerByPattern(Topics.DocumentReceipt.name);
    if (!handler) throw new Error('no handler');
    return async (value: unknown, context: KafkaContext) => {
      const result = await handler(value, context);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    };
  };

  it('gets a chunk from the batch transport in one call, in order, and its hook only once committed', async () => {
    const envelopes = [1, 2, 3].map(
      () =>
        envelopeOn(Topics.DocumentReceipt, receiptPayload()) as unknown as MessageEnvelope<DocumentReceipt>,
    );
    const manager = { transaction: 'batch-tx' } as unknown as EntityManager;
    const hooks: (() => void)[] = [];
    const message = { key: 'k', value: null, offset: '7', headers: {} };
    const context = new TransactionalKafkaContext(
      [message as never, 0, Topics.DocumentReceipt.name, {} as never, async () => undefined, {} as never],
      envelopes,
      manager,
      hooks,
    );
    await listener()(envelopes[0], context);

    const instance = app.get(BatchTestConsumer);
    expect(instance.calls).toHaveLength(1);
    expect(instance.calls[0].envelopes.map((e) => e.id)).toEqual(envelopes.map((e) => e.id));
    expect(instance.calls[0].manager).toBe(manager);
    // Not before the transport commits: the hook is handed over, not run.
    expect(instance.afterCommits).toBe(0);
    expect(hooks).toHaveLength(1);
    hooks[0]();
    expect(instance.afterCommits).toBe(1);
    // The transport decoded and recorded the chunk: the per-message runner is not involved.
    expect(consumer.payloadTypes).toEqual([]);
  });

  it('takes a message from a per-message transport as a chunk of one', async () => {
    const payload = receiptPayload();
    const value = envelopeOn(Topics.DocumentReceipt, payload);
    await listener()(value, kafkaContext(Topics.DocumentReceipt, value));

    const instance = app.get(BatchTestConsumer);
    expect(instance.calls).toHaveLength(1);
    expect(instance.calls[0].envelopes).toHaveLength(1);
    expect(instance.calls[0].envelopes[0].payload).toBeInstanceOf(DocumentReceipt);
    expect(instance.calls[0].envelopes[0].payload).toEqual(expect.objectContaining(payload));
    expect(instance.calls[0].manager).toBe(consumer.manager);
    expect(instance.afterCommits).toBe(1);
  });
});
