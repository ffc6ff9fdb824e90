import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';
export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

/** An enterprise's endpoint for receipts. The signing secret is stored sealed (AES-256-GCM), never in clear. */
@Entity({ name: 'webhook_subscription' })
export class WebhookSubscription {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'enterprise_code', type: 'varchar', length: 18 })
  enterpriseCode!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Deleted subscriptions are kept so their delivery log stays readable to operators. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}

/** One receipt to one subscription: created with the receipt, then attempted until delivered or given up. */
@Entity({ name: 'webhook_delivery' })
export class WebhookDelivery {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ name: 'receipt_id', type: 'bigint' })
  receiptId!: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** When the next attempt is due; while an attempt runs, the end of its lease. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** Set when a worker claims the delivery; its result is recorded only while the lease is still its own. */
  @Column({ name: 'lease_id', type: 'uuid', nullable: true })
  leaseId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** One HTTP attempt of a delivery, as the delivery log shows it. */
@Entity({ name: 'webhook_delivery_attempt' })
export class WebhookDeliveryAttempt {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt!: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'varchar', length: 10 })
  outcome!: AttemptOutcome;
}

export const WEBHOOK_ENTITIES = [WebhookSubscription, WebhookDelivery, WebhookDeliveryAttempt];
