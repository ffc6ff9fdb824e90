import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';

import { MESSAGING_KAFKA } from './tokens';

/**
 * The project's one producer: idempotent (no duplicates from its own retries, order kept per partition),
 * acknowledged by all in-sync replicas. Connected lazily, disconnected on shutdown.
 */
@Injectable()
export class KafkaProducerService implements OnApplicationShutdown {
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(KafkaProducerService.name);
  }

  private connect(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 5,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      producer.on(producer.events.DISCONNECT, () => {
        this.producer = undefined;
        this.connecting = undefined;
      });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().catch((e) => {
      this.connecting = undefined;
      throw e;
    });
    return this.connecting;
  }

  /** Publishes records for several topics in one request; resolves once the broker has them all. */
  async sendBatch(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    if (topicMessages.length === 0) return;
    const producer = await this.connect();
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    await this.sendBatch([{ topic, messages }]);
  }

  /** Last step of shutdown: in-flight consumer handlers may still park messages on dead-letter topics. */
  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer)
      await producer.disconnect().catch((e) => this.logger.warn({ err: e }, 'producer disconnect failed'));
  }
}
