import { IncomingMessage } from 'node:http';

import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { Logger, LoggerOptions } from 'pino';

import { CORRELATION_HEADER, correlationIdFrom, currentCorrelationId } from './correlation';

/**
 * Personal data of buyers, payers and consignees is never logged in clear (ARCHITECTURE.md rule 7).
 * pino's redaction paths cannot recurse, so the common nesting depths of CEB documents are listed.
 */
const PERSONAL_FIELDS = [
  'buyerIdNumber',
  'buyerTelephone',
  'payerIdNumber',
  'payerTelephone',
  'consigneeTelephone',
  'telephone',
  'idNumber',
];
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`, `*.*.*.*.${f}`]),
];

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    name: service,
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '***' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
  };
}

/** A plain pino logger for code outside Nest's DI (scripts, bootstrap). */
export function createLogger(service: string, level = 'info'): Logger {
  return pino(loggerOptions(service, level));
}

/** JSON logs for a Nest app: pino, the correlation id on every line, one line per HTTP request. */
export function loggingModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      ...loggerOptions(service, level),
      genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
      customProps: (req: IncomingMessage) => ({ correlationId: req.id }),
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
