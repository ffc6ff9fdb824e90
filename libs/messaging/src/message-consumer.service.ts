import { setTimeout as sleep } from 'node:timers/promises';

import { Inject, Injectable, Type } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { IHeaders } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';

import { deadLetterTopic, Headers, MessageEnvelope } from '@swx/contracts';
import { Metrics, runWithCorrelation } from '@swx/observability';

import { isInfrastructureError, PoisonMessageError } from './errors';
import { KafkaProducerService } from './kafka-producer.service';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

export type EnvelopeHandler<P> = (envelope: MessageEnvelope<P>, manager: EntityManager) => Promise<void>;

export type ConsumeOutcome = 'processed' | 'duplicate' | 'dead-lettered';

export interface RawKafkaMessage {
  key?: unknown;
  value: unknown;
  offset: string;
  headers?: Record<string, unknown>;
}

/**
 * Runs a handler for one Kafka message with the house guarantees: the envelope is validated, the message id
 * goes into the inbox in the handler's own transaction (a redelivery is a no-op), failures are retried with
 * exponential backoff, and a message that still fails is parked on `<topic>.dlt` with the error and its original
 * headers, so the messages behind it move on. Database or broker outages are not the message's fault: they are
 * rethrown, nothing is committed, and the message comes again.
 */
@Injectable()
export class MessageConsumerService {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly producer: KafkaProducerService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(MessageConsumerService.name);
  }

  async consume<P extends object>(
    context: KafkaContext,
    payloadType: Type<P>,
    handler: EnvelopeHandler<P>,
  ): Promise<ConsumeOutcome> {
    const topic = context.getTopic();
    const partition = context.getPartition();
    const message = context.getMessage() as unknown as RawKafkaMessage;
    const stopTimer = Metrics.messageHandling.startTimer({ topic });
    let lastError: unknown;
    try {
      for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
        try {
          const envelope = await decodeEnvelope(message.value, payloadType);
          const outcome = await runWithCorrelation(envelope.correlationId, () =>
            this.handleOnce(envelope, topic, partition, message.offset, handler),
          );
          Metrics.messagesConsumed.inc({ topic, outcome });
          return outcome;
        } catch (e) {
          if (isInfrastructureError(e)) {
            Metrics.messagesConsumed.inc({ topic, outcome: 'infrastructure-error' });
            throw e;
          }
          lastError = e;
          this.logger.warn(
            { err: e, topic, partition, offset: message.offset, attempt },
            'message handling failed',
          );
          if (attempt < this.options.maxAttempts) {
            await sleep(this.options.retryBaseMs * 2 ** (attempt - 1));
            await context.getHeartbeat()();
          }
        }
      }
      await this.deadLetter(topic, partition, message, lastError);
      Metrics.messagesConsumed.inc({ topic, outcome: 'dead-lettered' });
      return 'dead-lettered';
    } finally {
      stopTimer();
    }
  }

  private handleOnce<P>(
    envelope: MessageEnvelope<P>,
    topic: string,
    partition: number,
    offset: string,
    handler: EnvelopeHandler<P>,
  ): Promise<ConsumeOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.options.schema}"."inbox" (message_id, topic, partition, "offset")
         VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
        [envelope.id, topic, partition, offset],
      );
      if (inserted.length === 0) return 'duplicate';
      await handler(envelope, manager);
      return 'processed';
    });
  }

  /** Parks a message on `<topic>.dlt` with the error and its original bytes and headers; durable on return. */
  async deadLetter(
    topic: string,
    partition: number,
    message: RawKafkaMessage,
    error: unknown,
    attempts = this.options.maxAttempts,
  ): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const headers: IHeaders = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (value !== null && value !== undefined)
        headers[name] = Buffer.isBuffer(value) ? value : String(value);
    }
    Object.assign(headers, {
      [Headers.DltError]: reason.slice(0, 2000),
      [Headers.DltAttempts]: String(attempts),
      [Headers.DltOriginalTopic]: topic,
      [Headers.DltOriginalPartition]: String(partition),
      [Headers.DltOriginalOffset]: message.offset,
      [Headers.DltConsumerGroup]: this.options.groupId,
      [Headers.DltFailedAt]: new Date().toISOString(),
    });
    await this.producer.send(deadLetterTopic(topic), [
      { key: rawBytes(message.key), value: rawBytes(message.value), headers },
    ]);
    this.logger.error(
      { topic, partition, offset: message.offset, deadLetterTopic: deadLetterTopic(topic), reason },
      'message parked on the dead-letter topic',
    );
  }
}

/** Nest's Kafka parser turns JSON into objects; the dead-letter record carries the bytes as they came. */
function rawBytes(value: unknown): Buffer | string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === 'string') return value;
  return JSON.stringify(value);
}

export async function decodeEnvelope<P extends object>(
  value: unknown,
  payloadType: Type<P>,
): Promise<MessageEnvelope<P>> {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || Array.isArray(value)) {
    throw new PoisonMessageError('message value is not a JSON object envelope');
  }
  const envelope = plainToInstance(MessageEnvelope, value) as MessageEnvelope<P>;
  const envelopeErrors = await validate(envelope, { forbidUnknownValues: false });
  if (envelopeErrors.length > 0) {
    throw new PoisonMessageError(`invalid envelope: ${describe(envelopeErrors)}`);
  }
  envelope.payload = plainToInstance(payloadType, envelope.payload);
  const payloadErrors = await validate(envelope.payload, { forbidUnknownValues: false });
  if (payloadErrors.length > 0) {
    throw new PoisonMessageError(`invalid ${envelope.type} payload: ${describe(payloadErrors)}`);
  }
  return envelope;
}

function describe(errors: ValidationError[], prefix = ''): string {
  return errors
    .flatMap((e) => {
      const path = prefix ? `${prefix}.${e.property}` : e.property;
      const own = Object.values(e.constraints ?? {}).map((c) => `${path}: ${c}`);
      return [...own, ...(e.children?.length ? [describe(e.children, path)] : [])];
    })
    .join('; ');
}
