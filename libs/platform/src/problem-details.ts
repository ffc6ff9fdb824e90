import {
  ArgumentMetadata,
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';

import { Transform } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

import { isInfrastructureError } from '@swx/messaging';

export interface FieldError {
  /** Where the error is, e.g. `OrderHead.goodsValue` or `OrderList[0].qty`. */
  path: string;
  /** Machine-readable rule code, e.g. `matches`, `isIn`, `whitelistValidation`. */
  rule: string;
  message: string;
  /** Line and column in an XML body, when the error comes from the schema check. */
  line?: number;
  column?: number;
}

/** A 400 that carries every field error at once. */
export class FieldValidationException extends BadRequestException {
  constructor(
    readonly errors: FieldError[],
    detail = 'The request has invalid fields',
  ) {
    super(detail);
  }
}

/** Any HTTP error answered with a list of located errors (e.g. 403 per document, 409 stale versions). */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail, status);
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const path = !parent
      ? e.property
      : /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ path, rule, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}

/**
 * Where a JSON body holds `null` (at most `limit` places, `depth` levels down). No request field of the API is
 * nullable (the OpenAPI document says so): an optional field is left out, never sent as null.
 */
export function nullPaths(value: unknown, path = '', depth = 0, limit = 20): string[] {
  if (value === null) return [path || '(body)'];
  if (typeof value !== 'object' || depth > 64) return [];
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    found.push(...nullPaths(v, at, depth + 1, limit - found.length));
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * Where a validated instance holds something other than an object under a nested-validation property: an array
 * in place of one object, or of an array's item (`OrderList[0]: []`). `@ValidateNested()` validates an array's
 * items instead, and `[]` has none, so it passes, and code that reads the object's fields fails (500s found by the
 * fuzz suite). Walks the instance with class-validator's own metadata.
 */
export function nestedShapeErrors(instance: unknown, path = '', depth = 0): FieldError[] {
  if (instance === null || typeof instance !== 'object' || depth > 16) return [];
  // Only class instances carry metadata (a form body has no prototype at all).
  if (typeof instance.constructor !== 'function' || instance.constructor === Object) return [];
  const nested = getMetadataStorage()
    .getTargetValidationMetadatas(instance.constructor, '', true, false)
    .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
  const errors: FieldError[] = [];
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const meta of nested) {
    const value = (instance as Record<string, unknown>)[meta.propertyName];
    if (value === undefined || value === null) continue;
    const items: [unknown, string][] =
      meta.each && Array.isArray(value)
        ? value.map((item, i) => [item, `${at(meta.propertyName)}[${i}]`])
        : [[value, at(meta.propertyName)]];
    for (const [item, itemPath] of items) {
      if (typeof item !== 'object' || Array.isArray(item)) {
        errors.push({ path: itemPath, rule: 'isObject', message: `${itemPath} must be an object` });
      } else {
        errors.push(...nestedShapeErrors(item, itemPath, depth + 1));
      }
    }
  }
  return errors;
}

/**
 * class-validator's `@IsOptional()` lets null through as if the field were absent, so a body typed by a class
 * is refused here when it holds a null anywhere: a field error for each. Bodies without a class (`unknown`:
 * CEB documents, the OAuth token request) are checked by their own code, in their own error formats.
 */
class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const typedBody =
      metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (!typedBody) return super.transform(value, metadata);
    const nulls = nullPaths(value);
    if (nulls.length > 0) {
      throw new FieldValidationException(
        nulls.map((path) => ({
          path,
          rule: 'notNull',
          message: `${path} must not be null: leave an optional field out instead`,
        })),
      );
    }
    const transformed: unknown = await super.transform(value, metadata);
    const shape = nestedShapeErrors(transformed);
    if (shape.length > 0) throw new FieldValidationException(shape);
    return transformed;
  }
}

/**
 * A query parameter read as a whole number when it is written in decimal digits, and left as text otherwise for
 * `@IsInt()` to refuse: `@Type(() => Number)` read `0x10` as 16, `1e2` as 100 and a blank as 0 (fuzz suite).
 */
export const QueryInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
  );

/** The one validation pipe of every service: unknown fields refused, payloads transformed into their classes. */
export function platformValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new FieldValidationException(flattenValidationErrors(errors)),
  });
}

/**
 * A service may answer some clients' errors in another format than problem+json (the gateway answers CEB XML
 * clients' format errors with a CEB900Message). Returns undefined to keep problem+json.
 */
export type ProblemRenderer = (
  problem: Record<string, unknown> & { status: number },
  request: unknown,
) => { contentType: string; body: string } | undefined;

let problemRenderer: ProblemRenderer | undefined;

/** Installs the service's problem renderer (once, at start). */
export function setProblemRenderer(renderer: ProblemRenderer | undefined): void {
  problemRenderer = renderer;
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): void;
}

/** Every HTTP error as RFC 9457 `application/problem+json`; internal errors never leak their details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const request = host.switchToHttp().getRequest<{ url: string }>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: Record<string, unknown>;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      const detail =
        typeof response === 'string'
          ? response
          : ((response as { message?: unknown }).message ?? exception.message);
      body = {
        type: `https://single-window.local/problems/${status}`,
        title: HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error',
        status,
        detail: Array.isArray(detail) ? detail.join('; ') : String(detail),
        instance: request.url,
      };
      if (exception instanceof FieldValidationException || exception instanceof ProblemException) {
        body.errors = exception.errors;
      }
    } else if (isInfrastructureError(exception)) {
      // The database or broker is away: the request may succeed later, so say when to try again.
      this.logger.warn(`dependency unavailable: ${(exception as Error).message}`);
      status = HttpStatus.SERVICE_UNAVAILABLE;
      reply.header('retry-after', '1');
      body = {
        type: 'https://single-window.local/problems/503',
        title: 'service unavailable',
        status,
        detail: 'A platform dependency is unavailable; nothing was stored. Retry shortly.',
        instance: request.url,
      };
    } else {
      this.logger.error(exception);
      body = {
        type: 'https://single-window.local/problems/500',
        title: 'internal server error',
        status,
        detail: 'The request could not be processed; it has been logged.',
        instance: request.url,
      };
    }
    let rendered: ReturnType<ProblemRenderer>;
    try {
      rendered = problemRenderer?.({ ...body, status }, host.switchToHttp().getRequest());
    } catch (error) {
      this.logger.error(error);
    }
    if (rendered) {
      reply.status(status).header('content-type', rendered.contentType).send(rendered.body);
      return;
    }
    reply.status(status).header('content-type', 'application/problem+json').send(body);
  }
}
