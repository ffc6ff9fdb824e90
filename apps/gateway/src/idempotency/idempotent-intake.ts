import {
  ConflictException,
  createParamDecorator,
  ExecutionContext,
  UnprocessableEntityException,
} from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** An `Idempotency-Key` to claim and answer inside the transaction of the work it guards. */
export interface IdempotencyClaim {
  clientId: string;
  key: string;
  requestHash: string;
  ttlSeconds: number;
}

/** The key was answered before, for the same request: the stored answer is the answer. */
export class IdempotentReplay extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('idempotent replay');
  }
}

/** A request under this key is still in progress (a key left so by an earlier gateway): retry shortly. */
export class IdempotencyKeyBusy extends ConflictException {
  constructor() {
    super('A request with this Idempotency-Key is still in progress; retry shortly');
  }
}

/** The claim the interceptor attached to the request, for the use case's transaction. */
export const IdempotencyClaimed = createParamDecorator(
  (_: unknown, context: ExecutionContext): IdempotencyClaim | undefined =>
    context.switchToHttp().getRequest<{ idempotency?: IdempotencyClaim }>().idempotency,
);

/**
 * A key left `in-progress` by an earlier request that never finished (a gateway of the previous version, which
 * claimed keys in a transaction of their own) is taken over by the same request after this lease.
 */
const IN_PROGRESS_LEASE_SECONDS = 15;

interface StoredKey {
  request_hash: string;
  state: 'in-progress' | 'done';
  response_status: number | null;
  response_body: unknown;
  expired: boolean;
  stale: boolean;
}

/**
 * The first statement of the guarded transaction: inserts the key. A concurrent request with the same key waits
 * on the key's unique index until this transaction ends: if it commits, that request replays its answer; if it
 * rolls back (the work failed), the key was never taken and that request runs. Throws `IdempotentReplay` for a key
 * answered before, 422 for the same key with another request, `IdempotencyKeyBusy` for a key still in progress.
 */
export async function claimIdempotencyKey(manager: EntityManager, claim: IdempotencyClaim): Promise<void> {
  const { clientId, key, requestHash, ttlSeconds } = claim;
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "gateway"."idempotency_key" (client_id, key, request_hash, state, expires_at)
       VALUES ($1, $2, $3, 'in-progress', now() + make_interval(secs => $4))
       ON CONFLICT (client_id, key) DO NOTHING RETURNING key`,
      [clientId, key, requestHash, ttlSeconds],
    );
    if (inserted.length > 0) return;
    const [stored]: StoredKey[] = await manager.query(
      `SELECT request_hash, state, response_status, response_body, expires_at < now() AS expired,
              created_at < now() - make_interval(secs => $3) AS stale
         FROM "gateway"."idempotency_key" WHERE client_id = $1 AND key = $2 FOR UPDATE`,
      [clientId, key, IN_PROGRESS_LEASE_SECONDS],
    );
    if (!stored) continue; // removed meanwhile: claim again
    if (stored.expired) {
      await manager.query(`DELETE FROM "gateway"."idempotency_key" WHERE client_id = $1 AND key = $2`, [
        clientId,
        key,
      ]);
      continue;
    }
    if (stored.request_hash !== requestHash) {
      throw new UnprocessableEntityException(
        'This Idempotency-Key was used with a different request body; use a new key for a new request',
      );
    }
    if (stored.state === 'done')
      throw new IdempotentReplay(stored.response_status ?? 200, stored.response_body);
    if (!stored.stale) throw new IdempotencyKeyBusy();
    await manager.query(
      `UPDATE "gateway"."idempotency_key" SET created_at = now() WHERE client_id = $1 AND key = $2`,
      [clientId, key],
    );
    return;
  }
  throw new ConflictException('Idempotency-Key could not be claimed; retry');
}

/** The last statement of the guarded transaction: the answer, kept for replays. */
export async function answerIdempotencyKey(
  manager: EntityManager,
  claim: IdempotencyClaim,
  status: number,
  body: unknown,
): Promise<void> {
  await manager.query(
    `UPDATE "gateway"."idempotency_key" SET state = 'done', response_status = $3, response_body = $4
      WHERE client_id = $1 AND key = $2`,
    [claim.clientId, claim.key, status, JSON.stringify(body ?? null)],
  );
}
