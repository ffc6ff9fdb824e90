import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { Headers, MessageEnvelope } from '@swx/contracts';

import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { OutboxRelay } from './outbox.relay';

/** Writes events into the outbox inside the caller's transaction; the relay publishes them after commit. */
@Injectable()
export class OutboxService {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
  ) {}

  async enqueue(manager: EntityManager, topic: string, envelope: MessageEnvelope): Promise<void> {
    const headers: Record<string, string> = {
      [Headers.MessageId]: envelope.id,
      [Headers.MessageType]: envelope.type,
      [Headers.CorrelationId]: envelope.correlationId,
      [Headers.Producer]: envelope.producer,
    };
    await manager.query(
      `INSERT INTO "${this.options.schema}"."outbox" (message_id, topic, key, headers, envelope) VALUES ($1, $2, $3, $4, $5)`,
      [envelope.id, topic, envelope.key, headers, envelope],
    );
  }

  /** Tells the relay that new rows were committed, so it publishes now instead of at its next poll. */
  committed(): void {
    this.relay.wake();
  }
}
