import { createHash } from 'node:crypto';

import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { catchError, Observable, of, throwError } from 'rxjs';
import { DataSource } from 'typeorm';

import type { Principal } from '../auth/principal';
import { GatewayEnv } from '../gateway.env';
import { IdempotencyClaim, IdempotencyKeyBusy, IdempotentReplay } from './idempotent-intake';

interface RequestLike {
  idempotency?: IdempotencyClaim;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody?: Buffer;
  principal?: Principal;
}

interface ReplyLike {
  statusCode: number;
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * `Idempotency-Key` semantics for POSTs (per client): the same key with the same body replays the original
 * answer with `Idempotency-Replay: true`; the same key with another body is 422; a request still in progress
 * under the key waits for it (and replays its answer) or, for a key an earlier gateway left in progress, is 409
 * with `Retry-After`. Answers are kept for IDEMPOTENCY_TTL_SECONDS. The key is claimed and answered inside the
 * guarded work's own transaction (`claimIdempotencyKey`, `answerIdempotencyKey`): a failed request leaves no
 * key behind, and a request costs one commit, not three. This interceptor checks the header, attaches the
 * claim to the request for the handler (`@IdempotencyClaimed()`), and turns a replay into the stored answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: GatewayEnv,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestLike>();
    const reply = http.getResponse<ReplyLike>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    request.idempotency = {
      clientId: request.principal?.clientId ?? 'anonymous',
      key,
      requestHash: createHash('sha256')
        .update(`${request.method} ${request.url}\n`)
        .update(request.rawBody ?? '')
        .digest('hex'),
      ttlSeconds: this.env.IDEMPOTENCY_TTL_SECONDS,
    };
    // Now and then, expired keys go (in the background: no request waits for it).
    if (Math.random() < 0.01) {
      this.dataSource
        .query(
          `DELETE FROM "gateway"."idempotency_key" WHERE ctid IN
             (SELECT ctid FROM "gateway"."idempotency_key" WHERE expires_at < now() LIMIT 1000)`,
        )
        .catch(() => undefined);
    }
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof IdempotentReplay) {
          reply.status(error.status).header('Idempotency-Replay', 'true');
          return of(error.body);
        }
        if (error instanceof IdempotencyKeyBusy) reply.header('Retry-After', '1');
        return throwError(() => error);
      }),
    );
  }
}
