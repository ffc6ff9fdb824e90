import { setTimeout as sleep } from 'node:timers/promises';

import { CustomTransportStrategy, KafkaContext, KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';

import { allTopics, MessageEnvelope, type TopicDefinition } from '@swx/contracts';
import { Metrics, runWithCorrelation } from '@swx/observability';

import { isInfrastructureError, PoisonMessageError } from './errors';
import { decodeEnvelope, type RawKafkaMessage } from './message-consumer.service';
import { kafkaTransportOptions } from './kafka';
import type { MessagingOptions } from './messaging.options';
import { outboxRollbackTo, outboxSavepoint } from './outbox.service';

/**
 * The context a topic listener gets from the batch transport: the decoded envelope and the transaction it runs
 * in. The transport owns the transaction (inbox rows, savepoint, commit); the listener only runs the handler in
 * it, and registers what must happen once the transaction has committed.
 */
export class TransactionalKafkaContext extends KafkaContext {
  constructor(
    args: ConstructorParameters<typeof KafkaContext>[0],
    /** The messages to handle, in order: one, or a chunk's new messages for a `@ConsumeTopicBatch` handler. */
    readonly envelopes: MessageEnvelope<object>[],
    readonly manager: EntityManager,
    private readonly afterCommitHooks: (() => void)[],
  ) {
    super(args);
  }

  get envelope(): MessageEnvelope<object> {
    return this.envelopes[0];
  }

  /** Runs `hook` once the transaction holding this message has committed (never if it rolls back). */
  afterCommit(hook: () => void): void {
    this.afterCommitHooks.push(hook);
  }
}

export interface BatchDeps {
  dataSource: DataSource;
  options: MessagingOptions;
  logger: { warn(details: object, message: string): void };
  /** Parks a message on `<topic>.dlt` with the error (durable before it returns). */
  deadLetter(
    topic: string,
    partition: number,
    message: RawKafkaMessage,
    error: unknown,
    attempts: number,
  ): Promise<void>;
}

interface Decoded {
  message: KafkaMessage;
  envelope?: MessageEnvelope<object>;
  poison?: PoisonMessageError;
}

type NestHandler = (data: unknown, context: KafkaContext) => Promise<unknown>;

/**
 * Nest's Kafka transport handles one message at a time, each in its own database transaction. This one takes
 * what kafkajs fetched for a partition (`eachBatch`) and runs it in as few transactions as it can: the inbox rows
 * of the whole chunk in one statement (`ON CONFLICT DO NOTHING RETURNING`: the duplicates drop out), every new
 * message's handler under a savepoint, the outbox rows they write, one commit; offsets are resolved and
 * committed only after it. A message whose handler fails is rolled back to its savepoint alone: what came before
 * it commits, it is then retried on its own with backoff and parked on `<topic>.dlt` if it keeps failing, and
 * only then do the messages after it run, so no key is ever reordered. A message that cannot be decoded is
 * parked at once. Database or broker outages are rethrown: nothing is committed, kafkajs fetches the batch again.
 * Partitions run concurrently up to the configured limit (`run.partitionsConsumedConcurrently`).
 */
export class BatchKafkaServer extends ServerKafka implements CustomTransportStrategy {
  /** The transport for a service: Nest's Kafka options of the service, and the house's dead-letter topic. */
  static of(options: MessagingOptions, deps: Omit<BatchDeps, 'options'>): BatchKafkaServer {
    return new BatchKafkaServer(kafkaTransportOptions(options).options, { ...deps, options });
  }

  private readonly topicsByName = new Map<string, TopicDefinition>(allTopics().map((t) => [t.name, t]));

  constructor(
    options: KafkaOptions['options'],
    private readonly deps: BatchDeps,
  ) {
    super(options ?? {});
  }

  /** Set by `close()`: a consumer that crashes while the server closes is not started again. */
  private closing = false;
  /** Crashes since the consumer last handled a batch: the backoff of the next restart grows with them. */
  private crashes = 0;

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length > 0) await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.crashes += 1;
      if (!payload.restart) this.restartAfterCrash(consumer, payload.error, this.crashes);
    });
    await this.run(consumer);
  }

  override async close(): Promise<void> {
    this.closing = true;
    await super.close();
  }

  private run(consumer: Consumer): Promise<void> {
    return consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /**
   * kafkajs restarts a crashed consumer only after a retriable error; after any other (a group coordinator not
   * found on a broker that has just started, an authorization change) it leaves it stopped, and the service
   * would go on answering HTTP while consuming nothing. Such a consumer is connected and run again, with backoff
   * (0.5 s doubling up to 30 s) until it runs; nothing is lost, as offsets are committed only after the work.
   */
  private restartAfterCrash(consumer: Consumer, error: Error, attempt: number): void {
    if (this.closing) return;
    const delayMs = Math.min(30_000, 500 * 2 ** (attempt - 1));
    this.deps.logger.warn(
      { error: error?.name ?? String(error), attempt, delayMs, groupId: this.deps.options.groupId },
      'consumer stopped after an error kafkajs does not restart on: starting it again',
    );
    const timer = setTimeout(() => {
      if (this.closing) return;
      consumer
        .connect()
        .then(() => this.run(consumer))
        .catch((e: Error) => this.restartAfterCrash(consumer, e, attempt + 1));
    }, delayMs);
    timer.unref();
  }

  async handleBatch(payload: EachBatchPayload): Promise<void> {
    this.crashes = 0;
    const { batch } = payload;
    const topic = batch.topic;
    const handler = this.getHandlerByPattern(topic) as NestHandler | null;
    const definition = this.topicsByName.get(topic);
    const stopTimer = Metrics.messageHandling.startTimer({ topic });
    try {
      let rest = batch.messages;
      while (rest.length > 0 && payload.isRunning() && !payload.isStale()) {
        const chunk = rest.slice(0, this.deps.options.consumerBatchSize);
        const decoded = await Promise.all(chunk.map((m) => this.decode(m, definition)));
        const done = await this.runChunk(payload, handler, decoded);
        // `done` messages are durable (handled, duplicates, or parked): their offsets may be committed.
        const last = chunk[done - 1];
        if (last) {
          payload.resolveOffset(last.offset);
          await payload.commitOffsetsIfNecessary();
        }
        await payload.heartbeat();
        rest = rest.slice(done);
      }
    } finally {
      stopTimer();
    }
  }

  private async decode(message: KafkaMessage, definition: TopicDefinition | undefined): Promise<Decoded> {
    try {
      if (!definition) throw new PoisonMessageError('no topic definition in the catalogue');
      let value: unknown;
      try {
        value = message.value === null ? null : JSON.parse(message.value.toString('utf8'));
      } catch {
        value = undefined; // decodeEnvelope names it: not a JSON object envelope
      }
      const envelope = await decodeEnvelope(value, definition.payload as new () => object);
      if (envelope.type !== definition.messageType || envelope.version !== definition.version) {
        throw new PoisonMessageError(
          `${envelope.type} v${envelope.version} on ${definition.name}, which carries ${definition.messageType} v${definition.version}`,
        );
      }
      return { message, envelope };
    } catch (e) {
      if (e instanceof PoisonMessageError) return { message, poison: e };
      throw e;
    }
  }

  /**
   * Runs a chunk in one transaction up to its first failing message; returns how many messages of the chunk are
   * settled (everything before the failure, plus the failing one once it was retried or parked). The first pass
   * takes no savepoints (failures are rare, and a savepoint costs two round trips a message); when a handler
   * fails, the transaction is rolled back and the chunk runs again with a savepoint around each message, which
   * isolates the failing one.
   */
  private async runChunk(
    payload: EachBatchPayload,
    handler: NestHandler | null,
    decoded: Decoded[],
  ): Promise<number> {
    let savepoints = false;
    for (let conflicts = 0; ;) {
      try {
        return await this.runChunkPass(payload, handler, decoded, savepoints);
      } catch (e) {
        if (e instanceof RetryWithSavepoints) savepoints = true;
        else if (isLockConflict(e) && conflicts < MAX_CONFLICT_RETRIES) {
          // Another transaction won a deadlock or a serialization race: nothing is wrong with the messages.
          conflicts++;
          Metrics.messagesConsumed.inc({ topic: payload.batch.topic, outcome: 'conflict-retried' });
          await sleep(10 + Math.random() * 40 * conflicts);
          await payload.heartbeat();
        } else throw e;
      }
    }
  }

  private async runChunkPass(
    payload: EachBatchPayload,
    handler: NestHandler | null,
    decoded: Decoded[],
    savepoints: boolean,
  ): Promise<number> {
    const { topic, partition } = payload.batch;
    const afterCommit: (() => void)[] = [];
    let failedAt = -1;
    let failure: unknown;
    const counts = { processed: 0, duplicate: 0 };
    await this.deps.dataSource.transaction(async (manager) => {
      const firstPoison = decoded.findIndex((d) => d.poison);
      const upTo = firstPoison < 0 ? decoded.length : firstPoison;
      const inserted = await this.lockAndInsertInbox(manager, topic, partition, decoded.slice(0, upTo));
      if (!savepoints && batchTopics.has(topic)) {
        // A batch handler: every new message of the chunk in one call (a failure brings the savepoint pass).
        const fresh = decoded
          .slice(0, upTo)
          .filter((d) => inserted.delete((d.envelope as MessageEnvelope<object>).id));
        counts.duplicate += upTo - fresh.length;
        if (fresh.length > 0) {
          try {
            const envelopes = fresh.map((d) => d.envelope as MessageEnvelope<object>);
            await this.invoke(handler, payload, fresh[0].message, envelopes, manager, afterCommit);
          } catch (e) {
            if (isInfrastructureError(e) || isLockConflict(e)) throw e;
            throw new RetryWithSavepoints();
          }
          counts.processed += fresh.length;
        }
      } else {
        for (let i = 0; i < upTo; i++) {
          const d = decoded[i];
          const envelope = d.envelope as MessageEnvelope<object>;
          // Not new (or seen earlier in this chunk: a republished outbox row comes back with the same id).
          if (!inserted.delete(envelope.id)) {
            counts.duplicate++;
            continue;
          }
          const mark = outboxSavepoint(manager);
          if (savepoints) await manager.query('SAVEPOINT swx_message');
          try {
            await this.invoke(handler, payload, d.message, [envelope], manager, afterCommit);
            if (savepoints) await manager.query('RELEASE SAVEPOINT swx_message');
            counts.processed++;
          } catch (e) {
            if (isInfrastructureError(e) || isLockConflict(e)) throw e;
            if (!savepoints) throw new RetryWithSavepoints();
            await manager.query('ROLLBACK TO SAVEPOINT swx_message');
            outboxRollbackTo(manager, mark); // the events it published go with its effects
            // Its inbox row goes too: the message is retried on its own, and may still be handled then. The rows
            // of the messages after it go as well: they run after it, in a later transaction.
            await manager.query(
              `DELETE FROM "${this.deps.options.schema}"."inbox" WHERE message_id = ANY($1::uuid[])`,
              [decoded.slice(i, upTo).map((x) => (x.envelope as MessageEnvelope<object>).id)],
            );
            failedAt = i;
            failure = e;
            return;
          }
        }
      }
      if (firstPoison >= 0) {
        failedAt = firstPoison;
        failure = decoded[firstPoison].poison;
      }
    });
    this.settled(topic, counts, afterCommit);
    if (failedAt < 0) return decoded.length;

    const failed = decoded[failedAt];
    if (failed.poison) {
      await this.deps.deadLetter(topic, partition, rawOf(failed.message), failed.poison, 1);
      Metrics.messagesConsumed.inc({ topic, outcome: 'dead-lettered' });
    } else {
      await this.retryAlone(
        payload,
        handler,
        failed.message,
        failed.envelope as MessageEnvelope<object>,
        failure,
      );
    }
    return failedAt + 1;
  }

  /** The failed message on its own: attempts 2..max, each in its own transaction, then the dead-letter topic. */
  private async retryAlone(
    payload: EachBatchPayload,
    handler: NestHandler | null,
    message: KafkaMessage,
    envelope: MessageEnvelope<object>,
    firstError: unknown,
  ): Promise<void> {
    const { topic, partition } = payload.batch;
    const { maxAttempts, retryBaseMs } = this.deps.options;
    let lastError = firstError;
    for (let attempt = 2; attempt <= maxAttempts; attempt++) {
      this.deps.logger.warn(
        { err: lastError, topic, partition, offset: message.offset, attempt: attempt - 1 },
        'message handling failed',
      );
      await sleep(retryBaseMs * 2 ** (attempt - 2));
      await payload.heartbeat();
      const afterCommit: (() => void)[] = [];
      try {
        const outcome = await this.deps.dataSource.transaction(async (manager) => {
          const inserted = await this.lockAndInsertInbox(manager, topic, partition, [{ message, envelope }]);
          if (!inserted.has(envelope.id)) return 'duplicate' as const;
          await this.invoke(handler, payload, message, [envelope], manager, afterCommit);
          return 'processed' as const;
        });
        this.settled(
          topic,
          { processed: outcome === 'processed' ? 1 : 0, duplicate: outcome === 'duplicate' ? 1 : 0 },
          afterCommit,
        );
        return;
      } catch (e) {
        if (isInfrastructureError(e)) throw e;
        lastError = e;
      }
    }
    this.deps.logger.warn(
      { err: lastError, topic, partition, offset: message.offset, attempt: maxAttempts },
      'message handling failed',
    );
    await this.deps.deadLetter(topic, partition, rawOf(message), lastError, maxAttempts);
    Metrics.messagesConsumed.inc({ topic, outcome: 'dead-lettered' });
  }

  private lockAndInsertInbox(
    manager: EntityManager,
    topic: string,
    partition: number,
    messages: { message: KafkaMessage; envelope?: MessageEnvelope<object> }[],
  ): Promise<Set<string>> {
    return lockKeysAndInsertInbox(
      manager,
      this.deps.options.schema,
      topic,
      partition,
      messages.map((m) => ({
        id: (m.envelope as MessageEnvelope<object>).id,
        key: (m.envelope as MessageEnvelope<object>).key,
        offset: m.message.offset,
      })),
      exclusiveGroups.get(topic),
    );
  }

  /** Runs the topic's Nest listener with the transaction and the decoded envelope in its context. */
  private async invoke(
    handler: NestHandler | null,
    payload: EachBatchPayload,
    message: KafkaMessage,
    envelopes: MessageEnvelope<object>[],
    manager: EntityManager,
    afterCommit: (() => void)[],
  ): Promise<void> {
    const { topic, partition } = payload.batch;
    if (!handler) throw new PoisonMessageError(`no handler for ${topic}`);
    const envelope = envelopes[0];
    const context = new TransactionalKafkaContext(
      [
        rawOf(message) as never,
        partition,
        topic,
        this.consumer as Consumer,
        payload.heartbeat,
        this.producer as never,
      ],
      envelopes,
      manager,
      afterCommit,
    );
    await runWithCorrelation(envelope.correlationId, async () => {
      const result = await handler(envelope, context);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    });
  }

  private settled(
    topic: string,
    counts: { processed: number; duplicate: number },
    afterCommit: (() => void)[],
  ): void {
    if (counts.processed > 0) Metrics.messagesConsumed.inc({ topic, outcome: 'processed' }, counts.processed);
    if (counts.duplicate > 0) Metrics.messagesConsumed.inc({ topic, outcome: 'duplicate' }, counts.duplicate);
    for (const hook of afterCommit) {
      try {
        hook();
      } catch (e) {
        this.deps.logger.warn({ err: e, topic }, 'after-commit hook failed');
      }
    }
  }
}

const MAX_CONFLICT_RETRIES = 8;

/** PostgreSQL chose this transaction as a deadlock victim, or a serializable transaction lost a race. */
function isLockConflict(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | undefined;
  const code = e?.code ?? e?.driverError?.code;
  return code === '40P01' || code === '40001';
}

/** Topics whose handler takes a chunk of messages in one call (`@ConsumeTopicBatch`). */
const batchTopics = new Set<string>();

export function registerBatchTopic(topic: string): void {
  batchTopics.add(topic);
}

/** Topics whose chunks run one at a time with the other topics of their group (`ConsumeTopicOptions.exclusive`). */
const exclusiveGroups = new Map<string, string>();

export function registerExclusiveTopic(topic: string, group: string): void {
  exclusiveGroups.set(topic, group);
}

/**
 * The first statement of a chunk's transaction: its key locks, then its inbox rows; returns the ids that are new.
 *
 * Documents of one order share a key and arrive on several topics, whose batches run concurrently: each chunk
 * first takes a transaction lock per key, in sorted order, so two chunks that touch the same orders wait for each
 * other instead of locking the orders' rows in opposite orders (a deadlock). A topic whose handlers lock rows shared
 * across keys (a guarantor's account, a buyer's quota) names a `group`: its chunks take the group's lock before any
 * key's, so they run one at a time instead of deadlocking. The inbox rows (`ON CONFLICT DO NOTHING`, so
 * redeliveries drop out) are inserted by the same statement, one round trip instead of two: the insert draws its
 * rows through a join with the aggregate that takes the locks, so every lock is held before the first row is
 * inserted, as when they were two statements. The handlers' statements come after it, each with a snapshot taken
 * under the locks.
 */
export async function lockKeysAndInsertInbox(
  manager: EntityManager,
  schema: string,
  topic: string,
  partition: number,
  messages: readonly { id: string; key: string; offset: string }[],
  group?: string,
): Promise<Set<string>> {
  if (messages.length === 0) return new Set();
  const keys = [...new Set(messages.map((m) => `${schema}:${m.key}`))].sort();
  const locks = group ? [`${schema}:group:${group}`, ...keys] : keys;
  const rows: { message_id: string }[] = await manager.query(
    `WITH locks AS MATERIALIZED (
       SELECT count(*) AS n FROM (SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($5::text[]) AS k) AS l
     )
     INSERT INTO "${schema}"."inbox" (message_id, topic, partition, "offset")
     SELECT id, $2, $3, o FROM locks, unnest($1::uuid[], $4::bigint[]) AS m(id, o)
     ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
    [messages.map((m) => m.id), topic, partition, messages.map((m) => m.offset), locks],
  );
  return new Set(rows.map((r) => r.message_id));
}

/** A handler failed on the savepoint-free pass: roll the chunk back and run it again with savepoints. */
class RetryWithSavepoints extends Error {}

/** The record as the dead-letter topic keeps it: the bytes and headers as they came. */
function rawOf(message: KafkaMessage): RawKafkaMessage {
  return {
    key: message.key,
    value: message.value,
    offset: message.offset,
    headers: message.headers as Record<string, unknown> | undefined,
  };
}
