import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { Headers, MessageEnvelope } from '@swx/contracts';

import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { outboxChannel } from './pg-listener';
import { markOutboxWrite, OutboxRelay } from './outbox.relay';

/**
 * Writes events into the outbox inside the caller's transaction; the relay publishes them after commit, woken by
 * the commit itself: in this process through the transaction's commit event, in every process through the
 * schema's `NOTIFY` channel (PostgreSQL delivers a notification only when its transaction commits, and folds
 * the duplicates of one transaction into one).
 */
@Injectable()
export class OutboxService {
  private readonly channel: string;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
  ) {
    this.channel = outboxChannel(options.schema);
  }

  async enqueue(manager: EntityManager, topic: string, envelope: MessageEnvelope): Promise<void> {
    await this.enqueueAll(manager, [{ topic, envelope }]);
  }

  /**
   * Writes several events in one round trip whatever their number: the rows (a multi-row insert) and the
   * notification, once (a data-modifying CTE always runs to completion).
   */
  async enqueueAll(
    manager: EntityManager,
    events: readonly { topic: string; envelope: MessageEnvelope }[],
  ): Promise<void> {
    if (events.length === 0) return;
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
    const queryRunner = manager.queryRunner;
    if (queryRunner?.isTransactionActive) markOutboxWrite(queryRunner);
    else this.relay.wake(); // no transaction: the rows are committed already
  }
}
