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
    const headers: Record<string, string> = {
      [Headers.MessageId]: envelope.id,
      [Headers.MessageType]: envelope.type,
      [Headers.CorrelationId]: envelope.correlationId,
      [Headers.Producer]: envelope.producer,
    };
    // One round trip: the row and the notification (a data-modifying CTE always runs).
    await manager.query(
      `WITH written AS (
         INSERT INTO "${this.options.schema}"."outbox" (message_id, topic, key, headers, envelope)
         VALUES ($1, $2, $3, $4, $5) RETURNING 1
       ) SELECT pg_notify($6, '') FROM written`,
      [envelope.id, topic, envelope.key, headers, envelope, this.channel],
    );
    const queryRunner = manager.queryRunner;
    if (queryRunner?.isTransactionActive) markOutboxWrite(queryRunner);
    else this.relay.wake(); // no transaction: the row is committed already
  }

  /**
   * No longer needed, and does nothing: every commit that wrote outbox rows wakes the relay by itself. Kept only so
   * that existing callers compile; they can drop the call.
   */
  committed(): void {
    // nothing to do
  }
}
