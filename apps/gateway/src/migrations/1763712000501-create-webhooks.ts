import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhooks1763712000501 implements MigrationInterface {
  name = 'CreateWebhooks1763712000501';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."webhook_subscription" (
      "id" uuid PRIMARY KEY,
      "enterprise_code" varchar(18) NOT NULL,
      "url" text NOT NULL,
      "description" text,
      "secret_sealed" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "deleted_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "webhook_subscription_enterprise_idx"
      ON "gateway"."webhook_subscription" ("enterprise_code") WHERE deleted_at IS NULL`);
    await q.query(`CREATE TABLE "gateway"."webhook_delivery" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "subscription_id" uuid NOT NULL REFERENCES "gateway"."webhook_subscription" ("id"),
      "receipt_id" bigint NOT NULL REFERENCES "gateway"."receipt" ("id"),
      "status" varchar(10) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
      "attempts" int NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
      "lease_id" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "finished_at" timestamptz,
      UNIQUE ("subscription_id", "receipt_id")
    )`);
    await q.query(`CREATE INDEX "webhook_delivery_due_idx"
      ON "gateway"."webhook_delivery" ("next_attempt_at") WHERE status = 'pending'`);
    await q.query(`CREATE INDEX "webhook_delivery_subscription_idx"
      ON "gateway"."webhook_delivery" ("subscription_id", "created_at")`);
    await q.query(`CREATE TABLE "gateway"."webhook_delivery_attempt" (
      "id" bigserial PRIMARY KEY,
      "delivery_id" uuid NOT NULL REFERENCES "gateway"."webhook_delivery" ("id") ON DELETE CASCADE,
      "attempt" int NOT NULL,
      "attempted_at" timestamptz NOT NULL,
      "duration_ms" int NOT NULL,
      "http_status" int,
      "error" text,
      "outcome" varchar(10) NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed'))
    )`);
    await q.query(`CREATE INDEX "webhook_delivery_attempt_delivery_idx"
      ON "gateway"."webhook_delivery_attempt" ("delivery_id", "attempt")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."webhook_delivery_attempt"`);
    await q.query(`DROP TABLE "gateway"."webhook_delivery"`);
    await q.query(`DROP TABLE "gateway"."webhook_subscription"`);
  }
}
