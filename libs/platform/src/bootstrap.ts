import { IncomingMessage } from 'node:http';

import helmet from '@fastify/helmet';
import { DynamicModule, INestApplication, Type, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { DataSource, DataSourceOptions } from 'typeorm';

import { BaseEnv } from '@swx/config';
import { BatchKafkaServer, MessageConsumerService } from '@swx/messaging';
import { CORRELATION_HEADER, correlationIdFrom, createLogger, startMetricsServer } from '@swx/observability';
import { runMigrations } from '@swx/persistence';

import { messagingOptionsOf, ServiceDefinition } from './platform.module';
import { memoizeValidationMetadata } from './validation-metadata-cache';

type HttpEnv = BaseEnv & { PORT: number; HOST: string; METRICS_PORT?: number };

export interface BootstrapOptions<E extends HttpEnv> {
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
export async function bootstrapService<E extends HttpEnv>(
  options: BootstrapOptions<E>,
): Promise<INestApplication> {
  const { definition } = options;
  const env = definition.env;
  memoizeValidationMetadata();
  const log = createLogger(definition.service, env.LOG_LEVEL);
  const applied = await runMigrations(definition.dataSource as DataSourceOptions);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');

  const app = await NestFactory.create<NestFastifyApplication>(
    options.module,
    new FastifyAdapter({
      bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024,
      // X-Forwarded-For is believed only from a proxy on a loopback or private address: a caller on the
      // internet cannot pick its own source address (the token endpoint's lockout counts per address).
      trustProxy: ['loopback', 'linklocal', 'uniquelocal'],
      // The request id is the correlation id: the client's when it sends a sane one. Written back into the
      // headers so the request logger (pino-http) sees the same value.
      genReqId: (req: { headers: IncomingMessage['headers'] }) => {
        const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
        req.headers[CORRELATION_HEADER] = id;
        return id;
      },
      // Errors Fastify answers before any route runs (a URL whose percent-encoding is not UTF-8, a bad
      // Content-Type): problem+json like every other refusal, not Fastify's own body.
      frameworkErrors: (
        error: { statusCode?: number; code?: string; message: string },
        request: { url: string },
        reply: FastifyReply,
      ) => {
        const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
        void reply
          .status(status)
          .header('content-type', 'application/problem+json')
          .send({
            type: `https://single-window.local/problems/${status}`,
            title: 'bad request',
            status,
            detail: error.message,
            instance: request.url,
            errors: [{ path: '(request)', rule: String(error.code ?? 'request'), message: error.message }],
          });
      },
    }),
    { bufferLogs: true, rawBody: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: undefined });
  await hardenHttp(app, env);
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
  if (env.METRICS_PORT !== undefined) {
    const metrics = await startMetricsServer(env.HOST, env.METRICS_PORT);
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', (_instance: unknown, done: () => void) => {
        metrics.close(() => done());
      });
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

/** Paths that are public documentation, cacheable; every other answer may carry personal data. */
const CACHEABLE = /^\/docs(?:[/?-]|$)/;

/**
 * Security headers on every answer (helmet; the CSP lets the Swagger console run), `Cache-Control: no-store` on
 * every answer but the public docs (answers carry personal data and tokens), and `/metrics` kept off the service
 * port in production or when a METRICS_PORT of its own is set.
 */
async function hardenHttp(app: NestFastifyApplication, env: HttpEnv): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:', 'validator.swagger.io'],
        scriptSrc: [`'self'`, `https: 'unsafe-inline'`],
        // The local console runs on plain http://127.0.0.1: no forced upgrade of its requests to https.
        upgradeInsecureRequests: null,
      },
    },
  });
  const metricsHere = env.METRICS_PORT === undefined && env.NODE_ENV !== 'production';
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!metricsHere && /^\/metrics(?:[/?]|$)/.test(request.url)) {
      reply
        .code(404)
        .header('content-type', 'application/problem+json')
        .send({ type: 'https://single-window.local/problems/404', title: 'not found', status: 404 });
      return;
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!CACHEABLE.test(request.url)) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/** Entry-point wrapper: a failed start prints why and exits non-zero (bad environment included). */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
