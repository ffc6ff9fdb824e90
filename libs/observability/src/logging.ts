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
/** Secrets a request or an answer may carry (staff passwords, session tokens): never logged either. */
const SECRET_FIELDS = ['password', 'accessToken', 'access_token', 'client_secret', 'clientSecret'];
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  ...[...PERSONAL_FIELDS, ...SECRET_FIELDS].flatMap((f) => [
    f,
    `*.${f}`,
    `*.*.${f}`,
    `*.*.*.${f}`,
    `*.*.*.*.${f}`,
  ]),
];

/**
 * Chinese resident ID numbers (18 characters, the last may be X; and the old 15 digits), mobile numbers (11
 * digits from 13x to 19x, with or without +86) and landline numbers (area code from 0, 7-8 digits): whatever
 * field or message they hide in (an SQL error's parameters or detail, an error message, a free text).
 */
const PERSONAL_PATTERNS = [
  /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g,
  /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g,
  /(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g,
  /(?<![\d-])0\d{2,3}-?\d{7,8}(?![\d-])/g,
];
const CENSOR = '***';
/** Keys never logged at all: the bound values of a failed SQL statement (TypeORM's QueryFailedError). */
const DROPPED_KEYS = new Set(['parameters', 'params', 'bindings']);
const MAX_DEPTH = 8;

/** `text` with every ID-number or phone-number pattern replaced by `***`. */
export function redactPersonalData(text: string): string {
  let out = text;
  for (const pattern of PERSONAL_PATTERNS) out = out.replace(pattern, CENSOR);
  return out;
}

/**
 * A copy of a log value with personal data scrubbed at any depth: strings redacted, SQL parameters dropped, errors
 * reduced to their type, message, code, detail, cause and stack (redacted too).
 */
export function scrubLogValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactPersonalData(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubLogValue(v, depth + 1, seen));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function' && !(value instanceof Error)) {
    return scrubLogValue((toJson as () => unknown).call(value), depth + 1, seen);
  }
  const source: Record<string, unknown> =
    value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) {
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = scrubLogValue(v, depth + 1, seen);
  }
  return out;
}

function errorFields(e: Error): Record<string, unknown> {
  const any = e as Error & Record<string, unknown>;
  const fields: Record<string, unknown> = { type: e.name, message: e.message, stack: e.stack };
  const kept = [
    'code',
    'detail',
    'query',
    'table',
    'column',
    'constraint',
    'routine',
    'status',
    'cause',
    'driverError',
  ];
  for (const key of kept) {
    if (any[key] !== undefined) fields[key] = any[key];
  }
  return fields;
}

/** The `err` serializer of every logger: scrubbed (no SQL parameters, no ID or phone patterns). */
function serializeError(e: unknown): unknown {
  return scrubLogValue(e);
}

/** Keys whose own serializer makes them safe (and which hold objects too big to walk: requests, responses). */
const SERIALIZED_KEYS = new Set(['req', 'res', 'err', 'error']);

function scrubLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = SERIALIZED_KEYS.has(key) ? value : scrubLogValue(value, 1);
  }
  return out;
}

export function loggerOptions(service: string, level: string): LoggerOptions {
  return {
    name: service,
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { err: serializeError, error: serializeError },
    // Every logged object and every message, whatever its shape, is scrubbed before it is written.
    formatters: { log: scrubLogObject },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? redactPersonalData(a) : a));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
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
        err: serializeError,
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactPersonalData(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
