import { randomUUID } from 'node:crypto';

import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';

export const SERVICES = [
  'gateway',
  'customs',
  'tax',
  'forex',
  'logistics',
  'credit',
  'risk',
  'statistics',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Every Kafka message of the platform is one envelope, JSON-encoded, with its payload inside. */
export class MessageEnvelope<P = unknown> {
  /** Unique message id: the inbox deduplicates on it. */
  @IsUUID()
  id!: string;

  /** Message type name from the topic catalogue, e.g. `ImportOrderAccepted`. */
  @IsString()
  @Length(1, 100)
  type!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsIn(SERVICES)
  producer!: ServiceName;

  /** Kafka key: platform code + order number for documents of an order, so they share a partition. */
  @IsString()
  @Length(1, 200)
  key!: string;

  /** Follows one business flow across services (first set at the gateway). */
  @IsString()
  @Length(1, 100)
  correlationId!: string;

  /** Id of the message that caused this one, when there is one. */
  @IsOptional()
  @IsString()
  causationId?: string;

  @IsObject()
  payload!: P;
}

export interface EnvelopeInit<P> {
  type: string;
  version: number;
  producer: ServiceName;
  key: string;
  payload: P;
  correlationId: string;
  causationId?: string;
  id?: string;
  occurredAt?: Date;
}

export function createEnvelope<P>(init: EnvelopeInit<P>): MessageEnvelope<P> {
  const envelope = new MessageEnvelope<P>();
  envelope.id = init.id ?? randomUUID();
  envelope.type = init.type;
  envelope.version = init.version;
  envelope.occurredAt = (init.occurredAt ?? new Date()).toISOString();
  envelope.producer = init.producer;
  envelope.key = init.key;
  envelope.correlationId = init.correlationId;
  if (init.causationId) envelope.causationId = init.causationId;
  envelope.payload = init.payload;
  return envelope;
}

/** Kafka header names the platform sets on every record (values are strings). */
export const Headers = {
  MessageId: 'swx-message-id',
  MessageType: 'swx-message-type',
  CorrelationId: 'swx-correlation-id',
  Producer: 'swx-producer',
  DltError: 'swx-dlt-error',
  DltAttempts: 'swx-dlt-attempts',
  DltOriginalTopic: 'swx-dlt-original-topic',
  DltOriginalPartition: 'swx-dlt-original-partition',
  DltOriginalOffset: 'swx-dlt-original-offset',
  DltConsumerGroup: 'swx-dlt-consumer-group',
  DltFailedAt: 'swx-dlt-failed-at',
} as const;
