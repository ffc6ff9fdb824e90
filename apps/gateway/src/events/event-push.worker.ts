import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import type { Principal, Scope } from '../auth/principal';
import { GatewayEnv } from '../gateway.env';
import { webhookRetryDelayMs } from '../webhooks/backoff';
import { describeFailure, postOnce } from '../webhooks/webhook-delivery.worker';
import { signWebhook, WebhookHeaders } from '../webhooks/webhook-signature';
import { WebhookSecrets } from '../webhooks/webhook-secrets';
import { AllowedTarget, FORBIDDEN_TARGET, parseAllowList, targetProblem } from '../webhooks/webhook-target';
import { eventAudienceOf, type EventAudience } from './event-audience';
import { EventNotifier } from './event-notifier';
import { decodeEventCursor, EventQueries, type EventPage } from './event-queries';

/** Events per push: one signed POST carries at most this many, in feed order. */
export const PUSH_PAGE_SIZE = 100;
const PUSH_CONCURRENCY = 8;
const FALLBACK_SWEEP_MS = 30_000;
const LEASE_MARGIN_MS = 30_000;
/**
 * After a notification, how long the worker waits for more before looking: an order's events commit in a
 * burst of chunks, each with its notification, and each look costs three statements.
 */
export const PUSH_LINGER_MS = 25;

interface ClaimedSubscription {
  id: string;
  client_id: string;
  url: string;
  topics: string[];
  secret_sealed: string;
  cursor_tx: string;
  cursor_id: string;
  attempts: number;
  lease_id: string;
}

interface ClientRow {
  client_id: string;
  kind: Principal['kind'];
  enterprise_code: string | null;
  agency: Principal['agency'] | null;
  bank_code: string | null;
  scopes: Scope[];
  revoked_at: Date | null;
}

/**
 * Pushes the event feed to event subscriptions. A subscription is due when events after its cursor may exist;
 * the worker leases it (`FOR UPDATE SKIP LOCKED`, so instances share the work), posts the next page, and moves
 * the cursor only on a 2xx: in order, at least once, never skipping. With nothing to send a subscription waits
 * (`next_attempt_at` infinity) until a commit of new events of its topics makes it due again (`revive`, on every
 * notification of the feed's channel). A client that is revoked or no longer entitled pauses its subscriptions.
 */
@Injectable()
export class EventPushWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stop = new AbortController();
  private readonly allowList: readonly AllowedTarget[];
  private lastHousekeeping = 0;

  constructor(
    private readonly env: GatewayEnv,
    private readonly dataSource: DataSource,
    private readonly secrets: WebhookSecrets,
    private readonly queries: EventQueries,
    private readonly notifier: EventNotifier,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(EventPushWorker.name);
    this.allowList = parseAllowList(env.WEBHOOK_ALLOWED_TARGETS);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.stop.abort();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      // Notifications from here on are for commits this look may miss: they end the wait below at once.
      const seen = this.notifier.count;
      try {
        await this.housekeeping();
        await this.revive();
        const free = PUSH_CONCURRENCY - this.inFlight.size;
        let claimed: ClaimedSubscription[] = [];
        if (free > 0) {
          claimed = await this.claim(free);
          for (const subscription of claimed) this.start(subscription);
        }
        failures = 0;
        if (free > 0 && claimed.length === free) continue;
        // Woken by a commit of events (any instance), a finished push, or the next due retry. The timed wake
        // revives too: a notification lost while the listener reconnected is caught up then.
        const notified = await this.notifier.next(
          free > 0 ? await this.msUntilNextDue() : FALLBACK_SWEEP_MS,
          this.stop.signal,
          seen,
        );
        if (notified && this.running) await sleep(PUSH_LINGER_MS);
      } catch (e) {
        failures++;
        this.logger.warn({ err: e, failures }, 'event push worker failed; retrying');
        await this.notifier.next(Math.min(200 * 2 ** failures, 10_000), this.stop.signal);
      }
    }
  }

  /** Waiting subscriptions with events after their cursor become due. */
  /** At most every 10 minutes: events older than the retention go. */
  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastHousekeeping < 600_000) return;
    this.lastHousekeeping = Date.now();
    await this.dataSource.query(
      `DELETE FROM gateway.event_feed WHERE recorded_at < now() - make_interval(days => $1)`,
      [this.env.EVENT_FEED_RETENTION_DAYS],
    );
  }

  private async revive(): Promise<void> {
    await this.dataSource.query(
      `UPDATE gateway.event_subscription s SET next_attempt_at = now()
       WHERE s.deleted_at IS NULL AND s.paused_reason IS NULL AND s.next_attempt_at = 'infinity'
         AND EXISTS (SELECT 1 FROM gateway.event_feed e
                     WHERE e.topic = ANY(s.topics) AND (e.tx_id, e.id) > (s.cursor_tx, s.cursor_id))`,
    );
  }

  private async claim(limit: number): Promise<ClaimedSubscription[]> {
    const leaseMs = this.env.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;
    const [claimed]: [ClaimedSubscription[], number] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM gateway.event_subscription
         WHERE deleted_at IS NULL AND paused_reason IS NULL AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE gateway.event_subscription s
       SET lease_id = gen_random_uuid(), next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       FROM due WHERE s.id = due.id
       RETURNING s.id, s.client_id, s.url, s.topics, s.secret_sealed, s.cursor_tx::text, s.cursor_id::text,
                 s.attempts, s.lease_id`,
      [limit, leaseMs],
    );
    return claimed;
  }

  private start(subscription: ClaimedSubscription): void {
    const job = this.push(subscription)
      .catch((e: unknown) =>
        // The lease runs out and the page is pushed again: at least once, never skipped.
        this.logger.error({ err: e, subscriptionId: subscription.id }, 'could not record an event push'),
      )
      .finally(() => {
        this.inFlight.delete(job);
        this.notifier.notify();
      });
    this.inFlight.add(job);
  }

  private async push(s: ClaimedSubscription): Promise<void> {
    const audience = await this.audienceOf(s);
    if (typeof audience === 'string') {
      await this.dataSource.query(
        `UPDATE gateway.event_subscription SET paused_reason = $3, next_attempt_at = 'infinity', lease_id = NULL
         WHERE id = $1 AND lease_id = $2`,
        [s.id, s.lease_id, audience],
      );
      return;
    }
    const page = await this.queries.page(audience, { txId: s.cursor_tx, id: s.cursor_id }, PUSH_PAGE_SIZE);
    if (page.events.length === 0) {
      await this.dataSource.query(
        `UPDATE gateway.event_subscription SET next_attempt_at = 'infinity', lease_id = NULL
         WHERE id = $1 AND lease_id = $2`,
        [s.id, s.lease_id],
      );
      return;
    }
    const attempt = s.attempts + 1;
    const result = await this.post(s, page, attempt);
    const delivered = result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300;
    if (delivered) {
      const last = page.events.at(-1)!;
      const position = decodeEventCursor(last.cursor);
      await this.dataSource.query(
        `UPDATE gateway.event_subscription
         SET cursor_tx = $3::xid8, cursor_id = $4, attempts = 0, delivered_events = delivered_events + $5,
             last_attempt_at = $6, last_http_status = $7, last_error = NULL, lease_id = NULL, next_attempt_at = now()
         WHERE id = $1 AND lease_id = $2`,
        [
          s.id,
          s.lease_id,
          position.txId,
          position.id,
          page.events.length,
          result.attemptedAt,
          result.httpStatus,
        ],
      );
      return;
    }
    const retryInMs = webhookRetryDelayMs(attempt, this.env.WEBHOOK_RETRY_BASE_MS);
    await this.dataSource.query(
      `UPDATE gateway.event_subscription
       SET attempts = $3, last_attempt_at = $4, last_http_status = $5, last_error = $6, lease_id = NULL,
           next_attempt_at = now() + make_interval(secs => $7::double precision / 1000)
       WHERE id = $1 AND lease_id = $2`,
      [s.id, s.lease_id, attempt, result.attemptedAt, result.httpStatus, result.error, retryInMs],
    );
    this.logger.warn(
      { subscriptionId: s.id, attempt, httpStatus: result.httpStatus, error: result.error, retryInMs },
      'event push failed',
    );
  }

  /** The subscription's audience now, or why it is paused (revoked client, entitlement withdrawn). */
  private async audienceOf(s: ClaimedSubscription): Promise<EventAudience | string> {
    const [client]: ClientRow[] = await this.dataSource.query(
      `SELECT client_id, kind, enterprise_code, agency, bank_code, scopes, revoked_at FROM gateway.oauth_client
       WHERE client_id = $1`,
      [s.client_id],
    );
    if (!client || client.revoked_at) return 'the client was revoked';
    const principal: Principal = {
      clientId: client.client_id,
      kind: client.kind,
      enterpriseCode: client.enterprise_code ?? undefined,
      agency: client.agency ?? undefined,
      bankCode: client.bank_code ?? undefined,
      roles: [],
      scopes: client.scopes,
      tokenId: '',
    };
    try {
      return eventAudienceOf(principal, s.topics);
    } catch (e) {
      return `no longer entitled: ${(e as Error).message}`;
    }
  }

  private async post(
    s: ClaimedSubscription,
    page: EventPage,
    attempt: number,
  ): Promise<{ attemptedAt: Date; httpStatus: number | null; error: string | null }> {
    const attemptedAt = new Date();
    try {
      const problem = await targetProblem(s.url, this.allowList);
      if (problem) throw Object.assign(new Error(problem), { code: FORBIDDEN_TARGET });
      const secret = this.secrets.open(s.secret_sealed, s.id);
      const body = JSON.stringify({ subscriptionId: s.id, events: page.events, nextCursor: page.nextCursor });
      const timestamp = Math.floor(Date.now() / 1000);
      const httpStatus = await postOnce(new URL(s.url), this.allowList, this.env.WEBHOOK_TIMEOUT_MS, body, {
        'content-type': 'application/json',
        'user-agent': 'swx-events/1',
        // Stable for one page: a receiver that sees the same id twice has seen these events already.
        [WebhookHeaders.DeliveryId]: `${s.id}.${page.events[0].cursor}`,
        [WebhookHeaders.Timestamp]: String(timestamp),
        [WebhookHeaders.Signature]: signWebhook(secret, timestamp, body),
        [WebhookHeaders.Event]: 'events',
        [WebhookHeaders.Attempt]: String(attempt),
      });
      return { attemptedAt, httpStatus, error: null };
    } catch (e) {
      return { attemptedAt, httpStatus: null, error: describeFailure(e, this.env.WEBHOOK_TIMEOUT_MS) };
    }
  }

  private async msUntilNextDue(): Promise<number> {
    const [{ ms }]: { ms: number | null }[] = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM min(next_attempt_at) - clock_timestamp()) * 1000)::int AS ms
       FROM gateway.event_subscription
       WHERE deleted_at IS NULL AND paused_reason IS NULL AND next_attempt_at <> 'infinity'`,
    );
    return ms === null ? FALLBACK_SWEEP_MS : Math.max(0, Math.min(FALLBACK_SWEEP_MS, ms));
  }
}
