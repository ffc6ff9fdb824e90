import { IncomingMessage } from 'node:http';

import { DynamicModule, INestApplication, Type, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { DataSource, DataSourceOptions } from 'typeorm';

import { BaseEnv } from '@swx/config';
import { BatchKafkaServer, MessageConsumerService } from '@swx/messaging';
import { CORRELATION_HEADER, correlationIdFrom, createLogger } from '@swx/observability';
import { runMigrations } from '@swx/persistence';

import { messagingOptionsOf, ServiceDefinition } from './platform.module';

export interface BootstrapOptions<E extends BaseEnv & { PORT: number; HOST: string }> {
  definition: ServiceDefinition<E>;
  module: Type<unknown> | DynamicModule;
  /** Extra HTTP setup (Swagger on the gateway). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  bodyLimitBytes?: number;
}

/**
 * Starts one service: migrations first (never `synchronize`), then the Nest app on Fastify with its Kafka
 * consumer group, then HTTP. Shutdown on SIGTERM/SIGINT is graceful (consumer leaves the group, relay stops).
 */
export async function bootstrapService<E extends BaseEnv & { PORT: number; HOST: string }>(
  options: BootstrapOptions<E>,
): Promise<INestApplication> {
  const { definition } = options;
  const env = definition.env;
  const log = createLogger(definition.service, env.LOG_LEVEL);
  const applied = await runMigrations(definition.dataSource as DataSourceOptions);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');

  const app = await NestFactory.create<NestFastifyApplication>(
    options.module,
    new FastifyAdapter({
      bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024,
      trustProxy: true,
      // The request id is the correlation id: the client's when it sends a sane one. Written back into the
      // headers so the request logger (pino-http) sees the same value.
      genReqId: (req: { headers: IncomingMessage['headers'] }) => {
        const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
        req.headers[CORRELATION_HEADER] = id;
        return id;
      },
    }),
    { bufferLogs: true, rawBody: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: undefined });
  await options.configure?.(app);
  await app.init();
  if (definition.consumes.length > 0) {
    // Batches of each partition in one transaction (libs/messaging BatchKafkaServer), not a message at a time.
    const messaging = messagingOptionsOf(definition);
    const consumer = app.get(MessageConsumerService);
    app.connectMicroservice(
      {
        strategy: BatchKafkaServer.of(messaging, {
          dataSource: app.get(DataSource),
          logger: log,
          deadLetter: (topic, partition, message, error, attempts) =>
            consumer.deadLetter(topic, partition, message, error, attempts),
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen(env.PORT, env.HOST);
  log.info(
    {
      port: env.PORT,
      url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`,
      node: process.version,
    },
    `${definition.service} ready`,
  );
  return app;
}

/** Entry-point wrapper: a failed start prints why and exits non-zero (bad environment included). */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
