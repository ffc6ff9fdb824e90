import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { Enterprise } from '../registry/enterprise.entity';
import { ClientRevocationCheck } from './auth.guard';
import { OAuthClient } from './oauth-client.entity';

/**
 * How long a client's state is reused. Revocation, rotation and suspension take effect at once on the
 * instance that made them (it forgets the state) and within this bound on every other gateway instance.
 */
export const REVOCATION_CACHE_TTL_MS = 2_000;
const MAX_CACHED_CLIENTS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What decides whether a client's tokens are still good. */
export interface ClientTokenState {
  revoked: boolean;
  /** Tokens issued at or before this second (Unix) are invalid: the last rotation or suspension. */
  invalidUpToSecond: number;
}

/** The last second whose tokens a rotation at `rotatedAt` or a suspension at `suspendedAt` invalidated. */
export function invalidUpToSecond(...events: (Date | null | undefined)[]): number {
  return Math.max(0, ...events.map((d) => (d ? Math.floor(d.getTime() / 1000) : 0)));
}

/**
 * The gateway's `CLIENT_REVOCATION_CHECK`: a token is revoked when its client is revoked, when the client's
 * secret was rotated in or after the second the token was issued, or when the client's enterprise is
 * suspended or was suspended since. Token `iat` has whole seconds, so the token endpoint never issues a token
 * in the second of a rotation (it waits for the next one). A client id the gateway has never issued is not
 * revoked: clients are never deleted, and only holders of `AUTH_JWT_SECRET` can sign such tokens.
 */
@Injectable()
export class ClientRevocationService implements ClientRevocationCheck {
  private readonly cache = new Map<string, { state: Promise<ClientTokenState | null>; expiresAt: number }>();
  private readonly sessions = new Map<string, { ended: Promise<boolean>; expiresAt: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async isRevoked(clientId: string, issuedAtSeconds: number): Promise<boolean> {
    const state = await this.stateOf(clientId);
    if (!state) return false;
    return state.revoked || issuedAtSeconds <= state.invalidUpToSecond;
  }

  /** Drops cached state after a change on this instance: of one client, or of every client. */
  forget(clientId?: string): void {
    if (clientId === undefined) this.cache.clear();
    else this.cache.delete(clientId);
  }

  /**
   * A named person's console session has ended: signed out, expired, its account disabled, or no such session.
   * Cached like clients' state (REVOCATION_CACHE_TTL_MS); `forgetSessions` after a change on this instance.
   */
  isSessionEnded(sessionId: string): Promise<boolean> {
    if (!UUID.test(sessionId)) return Promise.resolve(true);
    const now = Date.now();
    const cached = this.sessions.get(sessionId);
    if (cached && cached.expiresAt > now) return cached.ended;
    if (this.sessions.size >= MAX_CACHED_CLIENTS) {
      for (const [id, entry] of this.sessions) if (entry.expiresAt <= now) this.sessions.delete(id);
      if (this.sessions.size >= MAX_CACHED_CLIENTS) this.sessions.clear();
    }
    const ended = this.dataSource
      .query(
        `SELECT 1 FROM "gateway"."staff_session" s JOIN "gateway"."staff_account" a ON a.id = s.account_id
         WHERE s.id = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL`,
        [sessionId],
      )
      .then((rows: unknown[]) => rows.length === 0);
    this.sessions.set(sessionId, { ended, expiresAt: now + REVOCATION_CACHE_TTL_MS });
    ended.catch(() => this.sessions.delete(sessionId));
    return ended;
  }

  /** Drops cached session state after a sign-out or an account change on this instance. */
  forgetSessions(): void {
    this.sessions.clear();
  }

  private stateOf(clientId: string): Promise<ClientTokenState | null> {
    const now = Date.now();
    const cached = this.cache.get(clientId);
    if (cached && cached.expiresAt > now) return cached.state;
    if (this.cache.size >= MAX_CACHED_CLIENTS) this.evictExpired(now);
    // Concurrent requests of one client share one query.
    const state = this.load(clientId);
    this.cache.set(clientId, { state, expiresAt: now + REVOCATION_CACHE_TTL_MS });
    state.catch(() => this.cache.delete(clientId));
    return state;
  }

  private async load(clientId: string): Promise<ClientTokenState | null> {
    const row = await this.dataSource
      .getRepository(OAuthClient)
      .createQueryBuilder('c')
      .leftJoin(Enterprise, 'e', 'e.customs_code = c.enterprise_code')
      .select('c.revoked_at', 'revokedAt')
      .addSelect('c.secret_rotated_at', 'secretRotatedAt')
      .addSelect('e.status', 'status')
      .addSelect('e.suspended_at', 'suspendedAt')
      .where('c.client_id = :clientId', { clientId })
      .getRawOne<{
        revokedAt: Date | null;
        secretRotatedAt: Date | null;
        status: string | null;
        suspendedAt: Date | null;
      }>();
    if (!row) return null;
    return {
      revoked: row.revokedAt !== null || row.status === 'suspended',
      invalidUpToSecond: invalidUpToSecond(row.secretRotatedAt, row.suspendedAt),
    };
  }

  private evictExpired(now: number): void {
    for (const [id, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(id);
    if (this.cache.size >= MAX_CACHED_CLIENTS) this.cache.clear();
  }
}
