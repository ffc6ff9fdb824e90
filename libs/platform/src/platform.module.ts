import { hostname } from 'node:os';

import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';

import { BaseEnv } from '@swx/config';
import type { ServiceName } from '@swx/contracts';
import { KafkaHealthIndicator, MessagingModule, MessagingOptions, parseBrokers } from '@swx/messaging';
import {
  HealthController,
  HttpObservabilityInterceptor,
  initMetrics,
  loggingModule,
  MetricsController,
  READINESS_CHECKS,
} from '@swx/observability';

import { platformValidationPipe, ProblemDetailsFilter } from './problem-details';

export interface ServiceDefinition<E extends BaseEnv> {
  service: ServiceName;
  /** The env class of the service, validated at boot. */
  env: E;
  dataSource: DataSourceOptions;
  consumes: string[];
  produces: string[];
}

export function messagingOptionsOf<E extends BaseEnv>(def: ServiceDefinition<E>): MessagingOptions {
  const schema = (def.dataSource as { schema?: string }).schema;
  if (!schema) throw new Error(`${def.service}: the data source needs a schema`);
  return {
    service: def.service,
    schema,
    brokers: parseBrokers(def.env.KAFKA_BROKERS),
    groupId: def.service,
    consumes: def.consumes,
    produces: def.produces,
    topicPartitions: def.env.KAFKA_TOPIC_PARTITIONS,
    outboxSweepIntervalMs: def.env.OUTBOX_SWEEP_INTERVAL_MS,
    outboxLingerMs: def.env.OUTBOX_LINGER_MS,
    outboxBatchSize: def.env.OUTBOX_BATCH_SIZE,
    maxAttempts: def.env.CONSUMER_MAX_ATTEMPTS,
    retryBaseMs: def.env.CONSUMER_RETRY_BASE_MS,
    consumerBatchSize: def.env.CONSUMER_BATCH_SIZE,
    partitionsConcurrently: def.env.CONSUMER_PARTITIONS_CONCURRENTLY,
    instanceId: def.env.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
  };
}

/**
 * Everything a service stands on: JSON logs, its schema through TypeORM, Kafka with outbox and inbox,
 * `/health` and `/health/ready`, `/metrics`, the validation pipe and problem+json errors.
 */
@Module({})
export class PlatformModule {
  static forRoot<E extends BaseEnv>(def: ServiceDefinition<E>): DynamicModule {
    initMetrics(def.service);
    return {
      module: PlatformModule,
      global: true,
      imports: [
        loggingModule(def.service, def.env.LOG_LEVEL),
        TypeOrmModule.forRoot(def.dataSource),
        TerminusModule,
        MessagingModule.forRoot(messagingOptionsOf(def)),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: BaseEnv, useValue: def.env },
        { provide: def.env.constructor, useValue: def.env },
        {
          provide: READINESS_CHECKS,
          useFactory: (db: TypeOrmHealthIndicator, kafka: KafkaHealthIndicator) => [
            () => db.pingCheck('database', { timeout: 3000 }),
            () => kafka.check('kafka'),
          ],
          inject: [TypeOrmHealthIndicator, KafkaHealthIndicator],
        },
        { provide: APP_INTERCEPTOR, useClass: HttpObservabilityInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: platformValidationPipe },
      ],
      exports: [BaseEnv, def.env.constructor],
    };
  }
}
