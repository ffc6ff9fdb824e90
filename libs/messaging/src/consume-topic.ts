import 'reflect-metadata';

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';

import { MessageEnvelope, type TopicDefinition } from '@swx/contracts';

import { registerBatchTopic, registerExclusiveTopic, TransactionalKafkaContext } from './batch-kafka.server';
import { PoisonMessageError } from './errors';
import { ConsumeOutcome, MessageConsumerService } from './message-consumer.service';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

/** A handler of one topic: runs in the transaction that records the message in the inbox. */
export type TopicHandler<P> = (envelope: MessageEnvelope<P>, manager: EntityManager) => Promise<unknown>;

export interface ConsumeTopicOptions<T> {
  /**
   * Runs once the handler's transaction has committed, for a message that was processed (not a duplicate,
   * not dead-lettered): e.g. to wake a worker that delivers what the handler stored.
   */
  afterCommit?: (instance: T) => void;
  /**
   * For handlers that lock rows shared by messages of different keys (on any partition): a lock group. The batch
   * transport runs the chunks of a group's topics one at a time, so two chunks never lock such rows in opposite
   * orders (a deadlock, which PostgreSQL takes a second to detect). The group's throughput is then one chunk
   * at a time: use it where the shared rows serialise the work anyway.
   */
  exclusive?: string;
}

/** One `@ConsumeTopic` handler of a class. */
export interface TopicHandlerRegistration {
  topic: TopicDefinition;
  method: string;
}

const HANDLERS = Symbol('swx:topic-handlers');
const RUNNER = Symbol('swx:topic-consumer');

/** Name of the Nest event listener that `@ConsumeTopic` adds beside the handler method. */
export const listenerNameOf = (method: string): string => `${method}$listener`;

/**
 * Runs a topic handler with the house guarantees of `MessageConsumerService.consume` (inbox in the handler's
 * transaction, retries, dead-letter topic), decoding the payload with the topic's payload class and refusing
 * a message whose type or version is not the topic's.
 */
@Injectable()
export class TopicConsumer {
  constructor(private readonly consumer: MessageConsumerService) {}

  async run<P extends object>(
    context: KafkaContext,
    topic: TopicDefinition<P>,
    handler: TopicHandler<P>,
  ): Promise<ConsumeOutcome> {
    return this.consumer.consume(context, topic.payload, async (envelope, manager) => {
      if (envelope.type !== topic.messageType || envelope.version !== topic.version) {
        throw new PoisonMessageError(
          `${envelope.type} v${envelope.version} on ${topic.name}, which carries ${topic.messageType} v${topic.version}`,
        );
      }
      await handler(envelope, manager);
    });
  }
}

/**
 * Registers a method as the handler of a topic: `@ConsumeTopic(Topics.X) onX(envelope, manager)`. The envelope's
 * payload is decoded and validated with the topic's payload class, so a handler for the wrong payload type does
 * not compile. Behind it, a Nest `@EventPattern(topic.name)` listener runs the handler through `TopicConsumer`;
 * the handler method itself stays a plain method. The service's `consumes` list is checked against the
 * registered handlers at start-up (`TopicHandlersCheck`).
 */
export function ConsumeTopic<P extends object, T extends object = object>(
  topic: TopicDefinition<P>,
  options: ConsumeTopicOptions<T> = {},
) {
  return (target: T, key: string | symbol, descriptor: { value?: TopicHandler<P> }): void =>
    registerTopicHandler(topic, options, false, target, key, descriptor);
}

/** A handler of a whole chunk of one topic's messages, in their order, in one transaction. */
export type TopicBatchHandler<P> = (
  envelopes: MessageEnvelope<P>[],
  manager: EntityManager,
) => Promise<unknown>;

/**
 * `@ConsumeTopic` for a handler that pays off taking many messages at once (one statement for the lot):
 * `@ConsumeTopicBatch(Topics.X) onX(envelopes, manager)`. The batch transport hands it every new message of a
 * chunk in one call; when that call fails, each message is handed to it alone under a savepoint, so the failing
 * one is isolated exactly as with a per-message handler.
 */
export function ConsumeTopicBatch<P extends object, T extends object = object>(
  topic: TopicDefinition<P>,
  options: ConsumeTopicOptions<T> = {},
) {
  registerBatchTopic(topic.name);
  return (target: T, key: string | symbol, descriptor: { value?: TopicBatchHandler<P> }): void =>
    registerTopicHandler(topic, options, true, target, key, descriptor);
}

function registerTopicHandler<P extends object, T extends object>(
  topic: TopicDefinition<P>,
  options: ConsumeTopicOptions<T>,
  batch: boolean,
  target: T,
  key: string | symbol,
  descriptor: { value?: TopicHandler<P> | TopicBatchHandler<P> },
): void {
  if (options.exclusive) registerExclusiveTopic(topic.name, options.exclusive);
  const method = String(key);
  if (typeof descriptor.value !== 'function') throw new Error(`@ConsumeTopic: ${method} is not a method`);
  const ctor = target.constructor;
  const own: TopicHandlerRegistration[] | undefined = Reflect.getOwnMetadata(HANDLERS, ctor);
  if (!own) Inject(TopicConsumer)(target, RUNNER); // once per class: the runner, injected as a property
  if (own?.some((h) => h.topic.name === topic.name)) {
    throw new Error(`${ctor.name} has two handlers of ${topic.name}`);
  }
  Reflect.defineMetadata(HANDLERS, [...(own ?? []), { topic, method }], ctor);

  const listenerName = listenerNameOf(method);
  async function listener(this: T & { [RUNNER]?: TopicConsumer }, context: KafkaContext): Promise<void> {
    const runner = this[RUNNER];
    if (!runner)
      throw new Error(`${ctor.name}: no TopicConsumer was injected (is MessagingModule imported?)`);
    const own = (this as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method];
    const handle: TopicHandler<P> = (envelope, manager) =>
      batch ? own.call(this, [envelope], manager) : own.call(this, envelope, manager);
    const afterCommit = options.afterCommit;
    if (context instanceof TransactionalKafkaContext) {
      // From the batch transport: decoded, checked against the topic and in the inbox of the transaction it
      // brings, which it commits; the hook waits for that commit.
      if (batch) await own.call(this, context.envelopes, context.manager);
      else
        for (const envelope of context.envelopes)
          await handle(envelope as MessageEnvelope<P>, context.manager);
      if (afterCommit) context.afterCommit(() => afterCommit(this));
      return;
    }
    const outcome = await runner.run(context, topic, handle);
    if (outcome === 'processed') afterCommit?.(this);
  }
  Object.defineProperty(listener, 'name', { value: listenerName });
  const listenerDescriptor: PropertyDescriptor = {
    value: listener,
    writable: true,
    configurable: true,
    enumerable: false,
  };
  Object.defineProperty(target, listenerName, listenerDescriptor);
  // What `@EventPattern(name) listener(@Ctx() context: KafkaContext)` would declare.
  Reflect.defineMetadata('design:paramtypes', [KafkaContext], target, listenerName);
  Ctx()(target, listenerName, 0);
  EventPattern(topic.name)(target, listenerName, listenerDescriptor);
}

/** A class, abstract or not, whatever its constructor takes. */
type AnyClass = abstract new (...args: never[]) => unknown;

/** The topic handlers a class registered with `@ConsumeTopic`. */
export function topicHandlersOf(cls: AnyClass): TopicHandlerRegistration[] {
  const handlers: TopicHandlerRegistration[] = [];
  for (
    let c: unknown = cls;
    typeof c === 'function' && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    handlers.push(...((Reflect.getOwnMetadata(HANDLERS, c) as TopicHandlerRegistration[] | undefined) ?? []));
  }
  return handlers;
}

/** The names of the topics the given classes handle: a service's `consumes` list, derived from its consumers. */
export function consumedTopicsOf(...classes: AnyClass[]): string[] {
  return [...new Set(classes.flatMap((c) => topicHandlersOf(c).map((h) => h.topic.name)))];
}

/**
 * Compares a service's `consumes` list with the topics its handlers registered; the differences, for people.
 * A handled topic that is not consumed would have no topic or dead-letter topic created for it; a consumed topic
 * without a handler would have its messages committed and dropped by the transport.
 */
export function consumesMismatch(
  service: string,
  consumes: readonly string[],
  handled: readonly { topic: string; by: string }[],
): string[] {
  const listed = new Set(consumes);
  const handledTopics = new Set(handled.map((h) => h.topic));
  return [
    ...handled
      .filter((h) => !listed.has(h.topic))
      .map((h) => `${h.by} handles ${h.topic}, which ${service} does not list among the topics it consumes`),
    ...[...listed]
      .filter((t) => !handledTopics.has(t))
      .map((t) => `${service} consumes ${t} but no @ConsumeTopic handler handles it`),
  ];
}

/** At start-up: every consumed topic has exactly one handler, and every handler's topic is consumed. */
@Injectable()
export class TopicHandlersCheck implements OnModuleInit {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    const handled: { topic: string; by: string }[] = [];
    const problems: string[] = [];
    const seen = new Set<unknown>();
    const scan = (wrappers: { metatype: unknown }[], controllers: boolean) => {
      for (const { metatype: cls } of wrappers) {
        if (typeof cls !== 'function' || seen.has(cls)) continue;
        seen.add(cls);
        for (const h of topicHandlersOf(cls as AnyClass)) {
          const by = `${cls.name}.${h.method}`;
          if (controllers) handled.push({ topic: h.topic.name, by });
          else problems.push(`${by} handles ${h.topic.name} in a provider: only controllers receive events`);
        }
      }
    };
    scan(this.discovery.getControllers(), true);
    scan(this.discovery.getProviders(), false);
    const duplicates = handled.filter((h, i) => handled.findIndex((o) => o.topic === h.topic) !== i);
    problems.push(
      ...duplicates.map((h) => `${h.topic} has more than one handler (${h.by} among them)`),
      ...consumesMismatch(this.options.service, this.options.consumes, handled),
    );
    if (problems.length > 0) throw new Error(`topic handlers do not match: ${problems.join('; ')}`);
  }
}
