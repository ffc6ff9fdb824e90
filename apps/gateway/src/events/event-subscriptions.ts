import { randomUUID } from 'node:crypto';

import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { FieldValidationException } from '@swx/platform';

import type { Principal } from '../auth/principal';
import { GatewayEnv } from '../gateway.env';
import { generateSigningSecret } from '../webhooks/webhook-signature';
import { WebhookSecrets } from '../webhooks/webhook-secrets';
import { AllowedTarget, parseAllowList, targetProblem } from '../webhooks/webhook-target';
import { eventAudienceOf } from './event-audience';
import { EventQueries, eventCursorOf } from './event-queries';

export const MAX_EVENT_SUBSCRIPTIONS_PER_CLIENT = 5;

export interface EventSubscriptionRow {
  id: string;
  url: string;
  description: string | null;
  topics: string[];
  cursor_tx: string;
  cursor_id: string;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_http_status: number | null;
  last_error: string | null;
  delivered_events: string;
  created_at: Date;
}

export interface EventSubscriptionView {
  id: string;
  url: string;
  description: string | null;
  topics: string[];
  /** Position of the last event the endpoint acknowledged (2xx): what the next push starts after. */
  cursor: string;
  deliveredEvents: number;
  /** Failed pushes in a row (0 when the last one succeeded). */
  failures: number;
  /** When the next push is due: null while the subscription is at the end of the feed, waiting for events. */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  createdAt: string;
}

const COLUMNS = `id, url, description, topics, cursor_tx::text, cursor_id::text, attempts, next_attempt_at,
  last_attempt_at, last_http_status, last_error, delivered_events::text, created_at`;

export function toEventSubscriptionView(row: EventSubscriptionRow): EventSubscriptionView {
  const waiting = !Number.isFinite(new Date(row.next_attempt_at).getTime());
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    topics: row.topics,
    cursor: eventCursorOf({ txId: row.cursor_tx, id: row.cursor_id }),
    deliveredEvents: Number(row.delivered_events),
    failures: row.attempts,
    nextAttemptAt: waiting ? null : new Date(row.next_attempt_at).toISOString(),
    lastAttemptAt: row.last_attempt_at ? new Date(row.last_attempt_at).toISOString() : null,
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * A regulator's push subscriptions to the event feed: its endpoint gets the events of its topics in feed order,
 * a signed page at a time (the receipt webhooks' signature scheme), each page once the previous one was
 * acknowledged. Scoped to the client that created them; entitlements are checked at creation and at every push.
 */
@Injectable()
export class EventSubscriptions {
  private readonly allowList: readonly AllowedTarget[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: WebhookSecrets,
    private readonly queries: EventQueries,
    env: GatewayEnv,
  ) {
    this.allowList = parseAllowList(env.WEBHOOK_ALLOWED_TARGETS);
  }

  async create(
    principal: Principal,
    input: { url: string; topics?: string[]; description?: string; from?: 'now' | 'beginning' },
  ): Promise<EventSubscriptionView & { secret: string }> {
    const audience = eventAudienceOf(principal, input.topics);
    const problem = await targetProblem(input.url, this.allowList);
    if (problem) {
      throw new FieldValidationException([{ path: 'url', rule: 'webhookTarget', message: `url ${problem}` }]);
    }
    const id = randomUUID();
    const secret = generateSigningSecret();
    const start = input.from === 'beginning' ? { txId: '0', id: '0' } : await this.queries.end();
    const row = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`event-subs:${principal.clientId}`]);
      const [{ n }]: { n: number }[] = await manager.query(
        'SELECT count(*)::int AS n FROM gateway.event_subscription WHERE client_id = $1 AND deleted_at IS NULL',
        [principal.clientId],
      );
      if (n >= MAX_EVENT_SUBSCRIPTIONS_PER_CLIENT) {
        throw new ConflictException(
          `A client has at most ${MAX_EVENT_SUBSCRIPTIONS_PER_CLIENT} event subscriptions; delete one before adding another`,
        );
      }
      const [created]: EventSubscriptionRow[] = await manager.query(
        `INSERT INTO gateway.event_subscription (id, client_id, url, description, topics, secret_sealed, cursor_tx, cursor_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7::xid8, $8)
         RETURNING ${COLUMNS}`,
        [
          id,
          principal.clientId,
          input.url,
          input.description ?? null,
          audience.topics,
          this.secrets.seal(secret, id),
          start.txId,
          start.id,
        ],
      );
      return created;
    });
    return { ...toEventSubscriptionView(row), secret };
  }

  async list(clientId: string): Promise<EventSubscriptionView[]> {
    const rows: EventSubscriptionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM gateway.event_subscription
       WHERE client_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [clientId],
    );
    return rows.map(toEventSubscriptionView);
  }

  async get(clientId: string, id: string): Promise<EventSubscriptionView | undefined> {
    const [row]: EventSubscriptionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM gateway.event_subscription WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL`,
      [id, clientId],
    );
    return row && toEventSubscriptionView(row);
  }

  /** False when the client has no such subscription. */
  async remove(clientId: string, id: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE gateway.event_subscription SET deleted_at = now(), lease_id = NULL
       WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL`,
      [id, clientId],
    );
    return affected > 0;
  }
}
