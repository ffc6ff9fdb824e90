import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
} from 'typeorm';

import { Headers, MessageEnvelope } from '@swx/contracts';

import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { outboxChannel } from './pg-listener';
import { markOutboxWrite, OutboxRelay } from './outbox.relay';

/** One event waiting for its outbox row. */
export interface OutboxEvent {
  topic: string;
  envelope: MessageEnvelope;
}

/** The events a transaction published, written at its commit; `marks` are the buffer lengths at its open savepoints. */
interface OutboxBuffer {
  events: OutboxEvent[];
  marks: number[];
}

/** How many transactions are open on the query runner: 1 for a transaction, more inside its savepoints. */
const depthOf = (queryRunner: QueryRunner): number =>
  (queryRunner as unknown as { transactionDepth: number }).transactionDepth;

const OUTBOX_BUFFER = Symbol('outbox events of this transaction, written at its commit');

function bufferOf(queryRunner: QueryRunner | undefined, create = false): OutboxBuffer | undefined {
  if (!queryRunner) return undefined;
  const data = queryRunner.data as Record<symbol, OutboxBuffer | undefined>;
  if (!data[OUTBOX_BUFFER] && create) data[OUTBOX_BUFFER] = { events: [], marks: [] };
  return data[OUTBOX_BUFFER];
}

function dropBuffer(queryRunner: QueryRunner | undefined): OutboxBuffer | undefined {
  const buffer = bufferOf(queryRunner);
  if (buffer) delete (queryRunner!.data as Record<symbol, unknown>)[OUTBOX_BUFFER];
  return buffer;
}

/**
 * Before a `SAVEPOINT` the caller issues itself: the position to go back to when it rolls back to it
 * (`outboxRollbackTo`). Savepoints of TypeORM's nested transactions are followed without this.
 */
export function outboxSavepoint(manager: EntityManager): number {
  return bufferOf(manager.queryRunner)?.events.length ?? 0;
}

/** After `ROLLBACK TO SAVEPOINT`: the events published since `outboxSavepoint` are dropped with their effects. */
export function outboxRollbackTo(manager: EntityManager, mark: number): void {
  const buffer = bufferOf(manager.queryRunner);
  if (buffer && buffer.events.length > mark) buffer.events.length = mark;
}

/**
 * Writes events into the outbox inside the caller's transaction; the relay publishes them after commit, woken by
 * the commit itself: in this process through the transaction's commit event, in every process through the
 * schema's `NOTIFY` channel (PostgreSQL delivers a notification only when its transaction commits, and folds
 * the duplicates of one transaction into one).
 *
 * Inside a transaction of this service's data source the events are held until the transaction commits and
 * then written in one statement, whatever the number of `publish` calls (customs publishes a dozen events per
 * order): one round trip per transaction instead of one per event. Savepoints are followed: a rollback to a
 * savepoint drops the events published after it, a rollback of the transaction drops them all. Outside a
 * transaction (or in one of another data source) an event is written at once.
 */
@Injectable()
export class OutboxService implements OnModuleDestroy {
  private readonly channel: string;
  private readonly transactionWatch: EntitySubscriberInterface = {
    afterTransactionStart: (event) => {
      // A nested TypeORM transaction opened a savepoint: remember where its events begin.
      if (depthOf(event.queryRunner) > 1) {
        const buffer = bufferOf(event.queryRunner, true)!;
        buffer.marks.push(buffer.events.length);
      }
    },
    beforeTransactionCommit: (event: TransactionCommitEvent) => {
      if (depthOf(event.queryRunner) > 1) {
        bufferOf(event.queryRunner)?.marks.pop(); // the savepoint is released: its events stay
        return undefined;
      }
      const buffer = dropBuffer(event.queryRunner);
      if (!buffer || buffer.events.length === 0) return undefined;
      return this.write(event.queryRunner.manager, buffer.events);
    },
    beforeTransactionRollback: (event) => {
      if (depthOf(event.queryRunner) > 1) {
        const buffer = bufferOf(event.queryRunner);
        const mark = buffer?.marks.pop();
        if (buffer && mark !== undefined) buffer.events.length = mark;
      } else dropBuffer(event.queryRunner);
    },
  };

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
  ) {
    this.channel = outboxChannel(options.schema);
    // At construction, before any transaction of the service can publish: a held event is never left unwritten.
    dataSource.subscribers.push(this.transactionWatch);
  }

  onModuleDestroy(): void {
    const i = this.dataSource.subscribers.indexOf(this.transactionWatch);
    if (i >= 0) this.dataSource.subscribers.splice(i, 1);
  }

  async enqueue(manager: EntityManager, topic: string, envelope: MessageEnvelope): Promise<void> {
    await this.enqueueAll(manager, [{ topic, envelope }]);
  }

  /** Holds the events until the caller's transaction commits, or writes them at once when there is none. */
  async enqueueAll(manager: EntityManager, events: readonly OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    const queryRunner = manager.queryRunner;
    if (queryRunner?.isTransactionActive && queryRunner.connection === this.dataSource) {
      bufferOf(queryRunner, true)!.events.push(...events);
      markOutboxWrite(queryRunner);
      return;
    }
    await this.write(manager, events);
    if (queryRunner?.isTransactionActive) markOutboxWrite(queryRunner);
    else this.relay.wake(); // no transaction: the rows are committed already
  }

  /**
   * Writes events in one round trip whatever their number: the rows (a multi-row insert) and the notification,
   * once (a data-modifying CTE always runs to completion).
   */
  private async write(manager: EntityManager, events: readonly OutboxEvent[]): Promise<void> {
    const headersOf = (envelope: MessageEnvelope): Record<string, string> => ({
      [Headers.MessageId]: envelope.id,
      [Headers.MessageType]: envelope.type,
      [Headers.CorrelationId]: envelope.correlationId,
      [Headers.Producer]: envelope.producer,
    });
    await manager.query(
      `WITH written AS (
         INSERT INTO "${this.options.schema}"."outbox" (message_id, topic, key, headers, envelope)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[])
         RETURNING 1
       ) SELECT pg_notify($6, '') WHERE EXISTS (SELECT 1 FROM written)`,
      [
        events.map((e) => e.envelope.id),
        events.map((e) => e.topic),
        events.map((e) => e.envelope.key),
        events.map((e) => JSON.stringify(headersOf(e.envelope))),
        events.map((e) => JSON.stringify(e.envelope)),
        this.channel,
      ],
    );
  }
}
