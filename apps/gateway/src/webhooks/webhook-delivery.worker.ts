import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { GatewayEnv } from '../gateway.env';
import { RECEIPT_COLUMNS, ReceiptRow, toReceiptDto } from '../receipts/receipt.dto';
import { webhookRetryDelayMs } from './backoff';
import { signWebhook, WebhookHeaders } from './webhook-signature';
import { WebhookSecrets } from './webhook-secrets';
import { AttemptOutcome } from './webhook.entities';
import {
  AllowedTarget,
  FORBIDDEN_TARGET,
  guardedLookup,
  parseAllowList,
  targetProblem,
} from './webhook-target';
import { WebhookMetrics } from './webhook.metrics';

/** Deliveries in flight at once per instance: a slow endpoint holds one slot, never the others. */
export const DELIVERY_CONCURRENCY = 16;
/**
 * Longest idle wait: a safety net only. The worker sleeps exactly until its next due delivery (a retry), and a
 * receipt recorded by this instance (the receipts consumer), or a finished attempt, wakes it at once. Deliveries
 * are created only by the instance that records the receipt, so no other instance needs telling; one abandoned by
 * a crashed instance is due again when its lease runs out, and so is found by the timed wait.
 */
const FALLBACK_SWEEP_MS = 30_000;
/** Margin beyond the HTTP timeout before a claimed delivery is considered abandoned (crashed instance). */
const LEASE_MARGIN_MS = 30_000;
const RETENTION = '30 days';
/**
 * After a wake-up, how long the worker waits for more before looking: a document's receipts commit in a burst of
 * chunks, each waking it, and each look costs two statements.
 */
export const DELIVERY_LINGER_MS = 25;

interface ClaimedDelivery extends ReceiptRow {
  delivery_id: string;
  lease_id: string;
  attempt: number;
  subscription_id: string;
  url: string;
  secret_sealed: string;
  subscription_deleted: boolean;
}

interface AttemptResult {
  attemptedAt: Date;
  durationMs: number;
  httpStatus: number | null;
  error: string | null;
}

/**
 * Delivers receipts to webhook subscriptions. Due deliveries are claimed with `FOR UPDATE SKIP LOCKED` and
 * leased (their `next_attempt_at` moved past the HTTP timeout) in one short statement, so several gateway
 * instances share the work and no transaction stays open during HTTP; a lease that runs out (crashed instance)
 * makes the delivery due again. Results are recorded only while the lease is still the worker's own.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private wakeRequested = false;
  private wakeUp?: () => void;
  private lastHousekeeping = 0;
  private readonly allowList: readonly AllowedTarget[];

  constructor(
    private readonly env: GatewayEnv,
    private readonly dataSource: DataSource,
    private readonly secrets: WebhookSecrets,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(WebhookDeliveryWorker.name);
    this.allowList = parseAllowList(env.WEBHOOK_ALLOWED_TARGETS);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** New deliveries were committed or a slot came free: look for due work now. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const free = DELIVERY_CONCURRENCY - this.inFlight.size;
        if (free > 0) {
          const claimed = await this.claim(free);
          for (const delivery of claimed) this.start(delivery);
          failures = 0;
          await this.housekeeping();
          if (claimed.length === free) continue;
        }
        await this.idle(free > 0 ? await this.msUntilNextDue() : FALLBACK_SWEEP_MS);
      } catch (e) {
        failures++;
        this.logger.warn({ err: e, failures }, 'webhook delivery worker failed; retrying');
        await this.idle(Math.min(200 * 2 ** failures, 10_000));
      }
    }
  }

  private async claim(limit: number): Promise<ClaimedDelivery[]> {
    const leaseMs = this.env.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;
    // TypeORM answers an UPDATE with [rows, affected].
    const [claimed]: [ClaimedDelivery[], number] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM gateway.webhook_delivery
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE gateway.webhook_delivery d
       SET attempts = d.attempts + 1, lease_id = gen_random_uuid(),
           next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       FROM due, gateway.webhook_subscription s, gateway.receipt r
       WHERE d.id = due.id AND s.id = d.subscription_id AND r.id = d.receipt_id
       RETURNING d.id AS delivery_id, d.lease_id, d.attempts AS attempt, s.id AS subscription_id, s.url,
                 s.secret_sealed, s.deleted_at IS NOT NULL AS subscription_deleted, ${RECEIPT_COLUMNS}`,
      [limit, leaseMs],
    );
    return claimed;
  }

  private start(delivery: ClaimedDelivery): void {
    const job = this.deliver(delivery)
      .catch((e: unknown) =>
        // The lease runs out and the delivery is attempted again: at least once, never lost.
        this.logger.error({ err: e, deliveryId: delivery.delivery_id }, 'could not record a webhook attempt'),
      )
      .finally(() => {
        this.inFlight.delete(job);
        this.wake();
      });
    this.inFlight.add(job);
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    if (delivery.subscription_deleted) {
      await this.dataSource.query(
        `UPDATE gateway.webhook_delivery SET status = 'cancelled', finished_at = now(), lease_id = NULL
         WHERE id = $1 AND lease_id = $2`,
        [delivery.delivery_id, delivery.lease_id],
      );
      return;
    }
    const result = await this.post(delivery);
    const delivered = result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300;
    const outcome: AttemptOutcome = delivered
      ? 'delivered'
      : delivery.attempt >= this.env.WEBHOOK_MAX_ATTEMPTS
        ? 'failed'
        : 'retry';
    const retryInMs =
      outcome === 'retry' ? webhookRetryDelayMs(delivery.attempt, this.env.WEBHOOK_RETRY_BASE_MS) : 0;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO gateway.webhook_delivery_attempt
           (delivery_id, attempt, attempted_at, duration_ms, http_status, error, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          delivery.delivery_id,
          delivery.attempt,
          result.attemptedAt,
          result.durationMs,
          result.httpStatus,
          result.error,
          outcome,
        ],
      );
      await manager.query(
        outcome === 'retry'
          ? `UPDATE gateway.webhook_delivery
             SET lease_id = NULL, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
             WHERE id = $1 AND lease_id = $2`
          : `UPDATE gateway.webhook_delivery SET status = $3, finished_at = now(), lease_id = NULL
             WHERE id = $1 AND lease_id = $2`,
        [delivery.delivery_id, delivery.lease_id, outcome === 'retry' ? retryInMs : outcome],
      );
    });
    WebhookMetrics.attempts.inc({ outcome });
    WebhookMetrics.attemptDuration.observe(result.durationMs / 1000);
    if (!delivered) {
      this.logger.warn(
        {
          deliveryId: delivery.delivery_id,
          subscriptionId: delivery.subscription_id,
          attempt: delivery.attempt,
          httpStatus: result.httpStatus,
          error: result.error,
          outcome,
          retryInMs: outcome === 'retry' ? retryInMs : undefined,
        },
        'webhook delivery attempt failed',
      );
    }
  }

  private async post(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const attemptedAt = new Date();
    const started = performance.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      // Checked again at every attempt: the allow-list or the name's DNS answer may have changed since.
      const problem = await targetProblem(delivery.url, this.allowList);
      if (problem) throw Object.assign(new Error(problem), { code: FORBIDDEN_TARGET });
      const secret = this.secrets.open(delivery.secret_sealed, delivery.subscription_id);
      const body = JSON.stringify(toReceiptDto(delivery));
      const timestamp = Math.floor(Date.now() / 1000);
      httpStatus = await postOnce(new URL(delivery.url), this.allowList, this.env.WEBHOOK_TIMEOUT_MS, body, {
        'content-type': 'application/json',
        'user-agent': 'swx-webhooks/1',
        [WebhookHeaders.DeliveryId]: delivery.delivery_id,
        [WebhookHeaders.Timestamp]: String(timestamp),
        [WebhookHeaders.Signature]: signWebhook(secret, timestamp, body),
        [WebhookHeaders.Event]: 'receipt',
        [WebhookHeaders.Attempt]: String(delivery.attempt),
      });
    } catch (e) {
      error = describeFailure(e, this.env.WEBHOOK_TIMEOUT_MS);
    }
    return { attemptedAt, durationMs: Math.round(performance.now() - started), httpStatus, error };
  }

  private async msUntilNextDue(): Promise<number> {
    const [{ ms }]: { ms: number | null }[] = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM min(next_attempt_at) - clock_timestamp()) * 1000)::int AS ms
       FROM gateway.webhook_delivery WHERE status = 'pending'`,
    );
    return ms === null ? FALLBACK_SWEEP_MS : Math.max(0, Math.min(FALLBACK_SWEEP_MS, ms));
  }

  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastHousekeeping < 600_000) return;
    this.lastHousekeeping = Date.now();
    await this.dataSource.query(
      `DELETE FROM gateway.webhook_delivery
       WHERE status <> 'pending' AND finished_at < now() - interval '${RETENTION}'`,
    );
  }

  private idle(ms: number): Promise<void> {
    if (this.wakeRequested || !this.running) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      // Woken: linger, so that the wake-ups of a burst make one look (it serves those that come meanwhile).
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        setTimeout(
          () => {
            this.wakeRequested = false;
            resolve();
          },
          this.running ? DELIVERY_LINGER_MS : 0,
        );
      };
    });
  }
}

/**
 * One POST with node:http(s) (receipt deliveries and event pushes), connecting only to addresses the guarded lookup checked; redirects are never
 * followed (a 3xx is an answer like any other non-2xx). Resolves with the status; the body is not read.
 */
export function postOnce(
  url: URL,
  allow: readonly AllowedTarget[],
  timeoutMs: number,
  body: string,
  headers: Record<string, string>,
): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(url, allow),
        signal: AbortSignal.timeout(timeoutMs),
        agent: false,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * A fixed, short reason for the delivery log. The subscriber sees a category, never the raw network error of
 * the target (which would tell an internal port's state), nor any address.
 */
export function describeFailure(e: unknown, timeoutMs: number): string {
  const error = e as { name?: string; code?: string; cause?: { code?: string } };
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError' || error?.code === 'ABORT_ERR')
    return `no answer within ${timeoutMs} ms`;
  const code = error?.code ?? error?.cause?.code ?? '';
  if (code === FORBIDDEN_TARGET)
    return 'not attempted: the endpoint is a loopback, private, link-local or metadata address';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA')
    return 'the host name does not resolve';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code))
    return 'the TLS handshake failed';
  return 'could not connect to the endpoint, or the connection was lost';
}
