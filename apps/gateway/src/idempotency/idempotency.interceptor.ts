import { createHash } from 'node:crypto';

import {
  BadRequestException,
  CallHandler,
  ConflictException,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { catchError, concatMap, from, map, Observable, of, switchMap } from 'rxjs';
import { DataSource } from 'typeorm';

import type { Principal } from '../auth/principal';
import { GatewayEnv } from '../gateway.env';

interface RequestLike {
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

interface StoredKey {
  request_hash: string;
  state: 'in-progress' | 'done';
  response_status: number | null;
  response_body: unknown;
  expired: boolean;
  stale: boolean;
}

/**
 * How long a request may hold its key in progress. A gateway that crashed mid-request (or lost its database)
 * never releases the key; after the lease the next request with the same key and body takes it over. Taking
 * over from a request that is merely slow is harmless: the documents' versions make its second run a replay.
 */
const IN_PROGRESS_LEASE_SECONDS = 15;

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * `Idempotency-Key` semantics for POSTs (per client): the same key with the same body replays the original
 * answer with `Idempotency-Replay: true`; the same key with another body is 422; a request still in progress
 * under the key is 409 with `Retry-After`. Answers are kept for IDEMPOTENCY_TTL_SECONDS. A failed request
 * releases its key, so the client may retry it.
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
    const clientId = request.principal?.clientId ?? 'anonymous';
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n`)
      .update(request.rawBody ?? '')
      .digest('hex');

    return from(this.claim(clientId, key, requestHash)).pipe(
      switchMap((stored) => {
        if (!stored) return this.run(next, reply, clientId, key);
        if (stored.request_hash !== requestHash) {
          throw new UnprocessableEntityException(
            'This Idempotency-Key was used with a different request body; use a new key for a new request',
          );
        }
        if (stored.state === 'in-progress') {
          reply.header('Retry-After', '1');
          throw new ConflictException(
            'A request with this Idempotency-Key is still in progress; retry shortly',
          );
        }
        reply.status(stored.response_status ?? 200).header('Idempotency-Replay', 'true');
        return of(stored.response_body);
      }),
    );
  }

  private run(next: CallHandler, reply: ReplyLike, clientId: string, key: string): Observable<unknown> {
    return next.handle().pipe(
      concatMap((body) =>
        from(
          this.dataSource.query(
            `UPDATE "gateway"."idempotency_key" SET state = 'done', response_status = $3, response_body = $4
              WHERE client_id = $1 AND key = $2`,
            [clientId, key, reply.statusCode, JSON.stringify(body ?? null)],
          ),
        ).pipe(map(() => body)),
      ),
      catchError((error: unknown) =>
        from(
          this.dataSource.query(`DELETE FROM "gateway"."idempotency_key" WHERE client_id = $1 AND key = $2`, [
            clientId,
            key,
          ]),
        ).pipe(
          switchMap(() => {
            throw error;
          }),
        ),
      ),
    );
  }

  /** Inserts the key as in progress; returns the stored row when the key was already there. */
  private async claim(clientId: string, key: string, requestHash: string): Promise<StoredKey | undefined> {
    if (Math.random() < 0.01) {
      await this.dataSource.query(
        `DELETE FROM "gateway"."idempotency_key" WHERE ctid IN
           (SELECT ctid FROM "gateway"."idempotency_key" WHERE expires_at < now() LIMIT 1000)`,
      );
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO "gateway"."idempotency_key" (client_id, key, request_hash, state, expires_at)
         VALUES ($1, $2, $3, 'in-progress', now() + make_interval(secs => $4))
         ON CONFLICT (client_id, key) DO NOTHING RETURNING key`,
        [clientId, key, requestHash, this.env.IDEMPOTENCY_TTL_SECONDS],
      );
      if (inserted.length > 0) return undefined;
      const [stored]: StoredKey[] = await this.dataSource.query(
        `SELECT request_hash, state, response_status, response_body, expires_at < now() AS expired,
                created_at < now() - make_interval(secs => $3) AS stale
           FROM "gateway"."idempotency_key" WHERE client_id = $1 AND key = $2`,
        [clientId, key, IN_PROGRESS_LEASE_SECONDS],
      );
      if (stored && stored.state === 'in-progress' && stored.stale && stored.request_hash === requestHash) {
        const taken: unknown[] = await this.dataSource.query(
          `UPDATE "gateway"."idempotency_key" SET created_at = now()
            WHERE client_id = $1 AND key = $2 AND state = 'in-progress'
              AND created_at < now() - make_interval(secs => $3) RETURNING key`,
          [clientId, key, IN_PROGRESS_LEASE_SECONDS],
        );
        if (taken.length > 0) return undefined;
        continue;
      }
      if (stored && !stored.expired) return stored;
      await this.dataSource.query(
        `DELETE FROM "gateway"."idempotency_key" WHERE client_id = $1 AND key = $2 AND expires_at < now()`,
        [clientId, key],
      );
    }
    throw new ConflictException('Idempotency-Key could not be claimed; retry');
  }
}
