import { randomUUID } from 'node:crypto';

import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';

import { FieldValidationException } from '@swx/platform';

import { GatewayEnv } from '../gateway.env';
import { RECEIPT_COLUMNS, ReceiptRow, toReceiptDto } from '../receipts/receipt.dto';
import { generateSigningSecret } from './webhook-signature';
import { WebhookSecrets } from './webhook-secrets';
import type { CreatedWebhookResponse, DeliveryResponse, WebhookResponse } from './webhook.dto';
import { AttemptOutcome, DeliveryStatus, WebhookDelivery, WebhookSubscription } from './webhook.entities';
import { AllowedTarget, parseAllowList, targetProblem } from './webhook-target';

export const MAX_WEBHOOKS_PER_ENTERPRISE = 10;

interface DeliveryLogRow extends ReceiptRow {
  delivery_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  finished_at: Date | null;
  log: {
    attempt: number;
    attemptedAt: string;
    durationMs: number;
    httpStatus: number | null;
    error: string | null;
    outcome: AttemptOutcome;
  }[];
}

/** An enterprise's webhook subscriptions and their delivery log; every method is scoped to one enterprise. */
@Injectable()
export class WebhookSubscriptions {
  private readonly allowList: readonly AllowedTarget[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: WebhookSecrets,
    env: GatewayEnv,
  ) {
    this.allowList = parseAllowList(env.WEBHOOK_ALLOWED_TARGETS);
  }

  async create(enterpriseCode: string, url: string, description?: string): Promise<CreatedWebhookResponse> {
    // No server-side request forgery: internal addresses are refused here and again at every delivery.
    const problem = await targetProblem(url, this.allowList);
    if (problem)
      throw new FieldValidationException([{ path: 'url', rule: 'webhookTarget', message: `url ${problem}` }]);
    const id = randomUUID();
    const secret = generateSigningSecret();
    const created = await this.dataSource.transaction(async (manager) => {
      // Serialises creations of one enterprise, so the limit holds under concurrent requests.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webhooks:${enterpriseCode}`]);
      const active = await manager.count(WebhookSubscription, {
        where: { enterpriseCode, deletedAt: IsNull() },
      });
      if (active >= MAX_WEBHOOKS_PER_ENTERPRISE) {
        throw new ConflictException(
          `An enterprise has at most ${MAX_WEBHOOKS_PER_ENTERPRISE} webhooks; delete one before adding another`,
        );
      }
      const subscription = manager.create(WebhookSubscription, {
        id,
        enterpriseCode,
        url,
        description: description ?? null,
        secretSealed: this.secrets.seal(secret, id),
      });
      await manager.insert(WebhookSubscription, subscription);
      return manager.findOneByOrFail(WebhookSubscription, { id });
    });
    return { ...toWebhookResponse(created), secret };
  }

  async list(enterpriseCode: string): Promise<WebhookResponse[]> {
    const subscriptions = await this.dataSource.getRepository(WebhookSubscription).find({
      where: { enterpriseCode, deletedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return subscriptions.map(toWebhookResponse);
  }

  /** Deletes the subscription and cancels its pending deliveries; false when the enterprise has no such one. */
  async remove(enterpriseCode: string, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        WebhookSubscription,
        { id, enterpriseCode, deletedAt: IsNull() },
        { deletedAt: () => 'now()' },
      );
      if (!result.affected) return false;
      await manager.update(
        WebhookDelivery,
        { subscriptionId: id, status: 'pending' },
        { status: 'cancelled', finishedAt: () => 'now()', leaseId: null },
      );
      return true;
    });
  }

  /** The newest deliveries of a subscription with every attempt; undefined when the enterprise has no such one. */
  async deliveries(
    enterpriseCode: string,
    id: string,
    limit: number,
  ): Promise<DeliveryResponse[] | undefined> {
    const owned = await this.dataSource
      .getRepository(WebhookSubscription)
      .existsBy({ id, enterpriseCode, deletedAt: IsNull() });
    if (!owned) return undefined;
    const rows: DeliveryLogRow[] = await this.dataSource.query(
      `SELECT d.id AS delivery_id, d.status, d.attempts, d.next_attempt_at, d.created_at, d.finished_at,
              ${RECEIPT_COLUMNS},
              COALESCE((SELECT json_agg(json_build_object(
                  'attempt', a.attempt, 'attemptedAt', a.attempted_at, 'durationMs', a.duration_ms,
                  'httpStatus', a.http_status, 'error', a.error, 'outcome', a.outcome) ORDER BY a.attempt, a.id)
                FROM gateway.webhook_delivery_attempt a WHERE a.delivery_id = d.id), '[]') AS log
       FROM gateway.webhook_delivery d JOIN gateway.receipt r ON r.id = d.receipt_id
       WHERE d.subscription_id = $1
       ORDER BY d.created_at DESC, d.receipt_id DESC
       LIMIT $2`,
      [id, limit],
    );
    return rows.map((row) => ({
      id: row.delivery_id,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.status === 'pending' ? new Date(row.next_attempt_at).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
      receipt: toReceiptDto(row),
      log: row.log.map((a) => ({ ...a, attemptedAt: new Date(a.attemptedAt).toISOString() })),
    }));
  }
}

function toWebhookResponse(s: WebhookSubscription): WebhookResponse {
  return { id: s.id, url: s.url, description: s.description, createdAt: s.createdAt.toISOString() };
}
