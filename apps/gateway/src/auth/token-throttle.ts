import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { GatewayEnv } from '../gateway.env';

/** Longest lockout: a key is never locked for more than this at a time. */
export const MAX_LOCKOUT_SECONDS = 15 * 60;
/** Failures are forgotten after this long without one (counted from the end of the last lockout). */
export const FORGET_AFTER_SECONDS = 15 * 60;

export interface FailureState {
  failures: number;
  /** 0: not locked. */
  lockSeconds: number;
}

/**
 * The state after one more failure: failures counted since the last quiet period; from `threshold` failures on,
 * locked for 1 s, 2 s, 4 s … doubling with each further failure, at most MAX_LOCKOUT_SECONDS.
 */
export function nextFailureState(previous: number, quietSeconds: number, threshold: number): FailureState {
  const failures = (quietSeconds >= FORGET_AFTER_SECONDS ? 0 : previous) + 1;
  if (failures < threshold) return { failures, lockSeconds: 0 };
  return { failures, lockSeconds: Math.min(2 ** Math.min(failures - threshold, 30), MAX_LOCKOUT_SECONDS) };
}

/** A token request refused because its client id or source address is locked out for a while. */
export class TokenRequestsLocked extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed token requests; retry later');
  }
}

interface Key {
  key: string;
  threshold: number;
}

/**
 * Rate limit of failed client authentications at the token endpoint, in PostgreSQL so that it holds across
 * gateway instances. Two keys per request: the client id from this source address (so that failures from an
 * attacker's address never lock the real client out from its own), and the source address whatever the client
 * id (spraying many ids). Only failures count; a success clears the client's key. A locked key is answered
 * 429 with Retry-After before any secret is hashed.
 */
@Injectable()
export class TokenThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: GatewayEnv,
  ) {}

  private keys(clientId: string, address: string): Key[] {
    // Client ids are the caller's input (any length, any character): hashed into the key.
    const client = createHash('sha256').update(clientId).digest('base64url').slice(0, 32);
    const source = address.slice(0, 60);
    return [
      { key: `client:${client}@${source}`, threshold: this.env.AUTH_FAILURES_BEFORE_LOCKOUT },
      { key: `address:${source}`, threshold: this.env.AUTH_IP_FAILURES_BEFORE_LOCKOUT },
    ];
  }

  /** Throws TokenRequestsLocked while either key is locked. */
  async assertOpen(clientId: string, address: string): Promise<void> {
    const keys = this.keys(clientId, address).map((k) => k.key);
    const [row]: { wait: number | null }[] = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
       FROM gateway.token_failure WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    if (row?.wait) throw new TokenRequestsLocked(Math.max(1, row.wait));
  }

  async recordFailure(clientId: string, address: string): Promise<void> {
    const keys = this.keys(clientId, address);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO gateway.token_failure (key, failures, last_failure_at)
         SELECT unnest($1::text[]), 0, now() ON CONFLICT (key) DO NOTHING`,
        [keys.map((k) => k.key)],
      );
      const rows: { key: string; failures: number; quiet: number }[] = await manager.query(
        `SELECT key, failures,
                extract(epoch FROM now() - GREATEST(last_failure_at, COALESCE(locked_until, last_failure_at)))::float
                  AS quiet
         FROM gateway.token_failure WHERE key = ANY($1) ORDER BY key FOR UPDATE`,
        [keys.map((k) => k.key)],
      );
      for (const row of rows) {
        const threshold = keys.find((k) => k.key === row.key)?.threshold ?? 1;
        const next = nextFailureState(row.failures, row.quiet, threshold);
        await manager.query(
          `UPDATE gateway.token_failure
           SET failures = $2, last_failure_at = now(),
               locked_until = CASE WHEN $3::int > 0 THEN now() + make_interval(secs => $3::int) END
           WHERE key = $1`,
          [row.key, next.failures, next.lockSeconds],
        );
      }
      // Keys quiet for a day tell nothing any more.
      if (Math.random() < 0.05) {
        await manager.query(
          `DELETE FROM gateway.token_failure
           WHERE GREATEST(last_failure_at, COALESCE(locked_until, last_failure_at)) < now() - interval '1 day'`,
        );
      }
    });
  }

  /** The client authenticated from this address: its failures there are forgotten (the address's are not). */
  async recordSuccess(clientId: string, address: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM gateway.token_failure WHERE key = $1`, [
      this.keys(clientId, address)[0].key,
    ]);
  }
}
