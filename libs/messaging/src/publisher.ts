import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { createEnvelope, MessageEnvelope, type ServiceName, type TopicDefinition } from '@swx/contracts';

import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { OutboxService } from './outbox.service';

/** The flow an event belongs to, and the message that caused it when there is one. */
export interface Causation {
  correlationId: string;
  causationId?: string;
}

/** What caused an event: a causation, or the consumed envelope itself (its id becomes the causation id). */
export type Cause = Causation | MessageEnvelope<unknown>;

function isEnvelope(cause: Cause): cause is MessageEnvelope<unknown> {
  return 'payload' in cause && typeof (cause as MessageEnvelope<unknown>).id === 'string';
}

/** The causation of an event caused by `cause`. */
export function causationOf(cause: Cause): Causation {
  if (isEnvelope(cause)) return { correlationId: cause.correlationId, causationId: cause.id };
  return cause.causationId
    ? { correlationId: cause.correlationId, causationId: cause.causationId }
    : { correlationId: cause.correlationId };
}

/**
 * The envelope of one event on `topic`: type and version from the topic, key from the topic's key function,
 * correlation and causation from the cause.
 */
export function envelopeOf<P extends object>(
  producer: ServiceName,
  topic: TopicDefinition<P>,
  payload: NoInfer<P>,
  cause: Cause,
  init: { id?: string; occurredAt?: Date } = {},
): MessageEnvelope<P> {
  return createEnvelope<P>({
    ...init,
    type: topic.messageType,
    version: topic.version,
    producer,
    key: topic.keyOf(payload),
    payload,
    ...causationOf(cause),
  });
}

/**
 * The one way a service publishes: `publish(manager, Topics.X, payload, cause)` writes the event into the outbox
 * in the caller's transaction (`manager`), so it is published if and only if the transaction commits. The
 * payload must be the topic's payload type (checked at compile time); the service must be the topic's producer
 * and list the topic among the ones it produces (checked at run time, before anything is written).
 */
@Injectable()
export class EventPublisher {
  private readonly produces: ReadonlySet<string>;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly outbox: OutboxService,
  ) {
    this.produces = new Set(options.produces);
  }

  async publish<P extends object>(
    manager: EntityManager,
    topic: TopicDefinition<P>,
    payload: NoInfer<P>,
    cause: Cause,
  ): Promise<MessageEnvelope<P>> {
    this.check(topic as TopicDefinition<object>);
    const envelope = envelopeOf(this.options.service, topic, payload, cause);
    await this.outbox.enqueue(manager, topic.name, envelope);
    return envelope;
  }

  /** `publish` for many events of one topic and cause, written to the outbox in one statement. */
  async publishAll<P extends object>(
    manager: EntityManager,
    topic: TopicDefinition<P>,
    payloads: readonly NoInfer<P>[],
    cause: Cause,
  ): Promise<MessageEnvelope<P>[]> {
    this.check(topic as TopicDefinition<object>);
    const envelopes = payloads.map((payload) => envelopeOf(this.options.service, topic, payload, cause));
    await this.outbox.enqueueAll(
      manager,
      envelopes.map((envelope) => ({ topic: topic.name, envelope })),
    );
    return envelopes;
  }

  private check(topic: TopicDefinition<object>): void {
    const service = this.options.service;
    if (topic.producer !== service) {
      throw new Error(`${service} cannot publish ${topic.name}: that topic is ${topic.producer}'s`);
    }
    if (!this.produces.has(topic.name)) {
      throw new Error(`${service} publishes ${topic.name} but does not list it among the topics it produces`);
    }
  }
}
