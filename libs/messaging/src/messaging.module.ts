import { DynamicModule, Global, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';

import { RETIRED_TOPICS } from '@swx/contracts';

import { TopicConsumer, TopicHandlersCheck } from './consume-topic';
import { createKafka } from './kafka';
import { KafkaProducerService } from './kafka-producer.service';
import { KafkaHealthIndicator } from './kafka.health';
import { LagMonitor } from './lag-monitor';
import { MessageConsumerService } from './message-consumer.service';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { OutboxRelay } from './outbox.relay';
import { OutboxService } from './outbox.service';
import { EventPublisher } from './publisher';
import { ensureTopics, retireTopics, topicsOfService } from './topic-admin';
import { MESSAGING_KAFKA } from './tokens';

/**
 * Kafka for one service: the shared client, the idempotent producer, the outbox and its relay, the inbox-backed
 * consumer runner, the typed publisher (`EventPublisher`) and topic handlers (`@ConsumeTopic`, checked against the
 * `consumes` list at start-up), broker health and lag metrics. On init it creates the topics the service needs.
 * Expects a TypeORM `DataSource` for the service's schema (TypeOrmModule) in the app.
 */
@Global()
@Module({})
export class MessagingModule implements OnModuleInit {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [TerminusModule, DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: MESSAGING_KAFKA,
          useFactory: (logger: PinoLogger) =>
            createKafka(`${options.service}-${options.instanceId}`, options.brokers, logger.logger),
          inject: [PinoLogger],
        },
        KafkaProducerService,
        OutboxRelay,
        OutboxService,
        MessageConsumerService,
        KafkaHealthIndicator,
        LagMonitor,
        EventPublisher,
        TopicConsumer,
        TopicHandlersCheck,
      ],
      exports: [
        MESSAGING_OPTIONS,
        MESSAGING_KAFKA,
        KafkaProducerService,
        OutboxService,
        MessageConsumerService,
        KafkaHealthIndicator,
        OutboxRelay,
        EventPublisher,
        TopicConsumer,
      ],
    };
  }

  private readonly logger = new Logger('TopicAdmin');

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(
      this.kafka,
      topicsOfService(this.options.consumes, this.options.produces),
      this.options.topicPartitions,
    );
    // Topic versions that carried personal data in clear go once their consumers have moved on
    // (docs/personal-data.md); a failure here is logged and retried at the next start.
    await retireTopics(this.kafka, RETIRED_TOPICS).then(
      (deleted) => {
        if (deleted.length > 0) this.logger.log(`retired topics deleted: ${deleted.join(', ')}`);
      },
      (e: unknown) => this.logger.warn(`retiring topics failed: ${(e as Error).message}`),
    );
  }
}
