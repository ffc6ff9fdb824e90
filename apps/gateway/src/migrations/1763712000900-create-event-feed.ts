import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event feed behind `GET /v1/events` (server-sent events) and event webhooks: every message of the external
 * topics, as the topics carry it (person fields already tokenised and masked), with the enterprises it concerns
 * for per-customer filtering. Ordered like the receipt feed by (recording transaction, id). Rows older than
 * `EVENT_FEED_RETENTION_DAYS` are deleted. An event subscription is a regulator's or bank's endpoint with its
 * topics and its own cursor in the feed: events are pushed in order, a page at a time.
 */
export class CreateEventFeed1763712000900 implements MigrationInterface {
  name = 'CreateEventFeed1763712000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."event_feed" (
      "id" bigserial PRIMARY KEY,
      "tx_id" xid8 NOT NULL DEFAULT pg_current_xact_id(),
      "event_id" uuid NOT NULL UNIQUE,
      "topic" varchar(200) NOT NULL,
      "message_type" varchar(100) NOT NULL,
      "key" varchar(300),
      "enterprise_codes" varchar(18)[] NOT NULL DEFAULT '{}',
      "occurred_at" timestamptz NOT NULL,
      "payload" jsonb NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "event_feed_position_idx" ON "gateway"."event_feed" ("tx_id", "id")`);
    await q.query(`CREATE INDEX "event_feed_topic_idx" ON "gateway"."event_feed" ("topic", "tx_id", "id")`);
    await q.query(`CREATE INDEX "event_feed_recorded_idx" ON "gateway"."event_feed" ("recorded_at")`);
    await q.query(`CREATE TABLE "gateway"."event_subscription" (
      "id" uuid PRIMARY KEY,
      "client_id" varchar(64) NOT NULL,
      "url" text NOT NULL,
      "description" text,
      "topics" text[] NOT NULL,
      "secret_sealed" text NOT NULL,
      "cursor_tx" xid8 NOT NULL DEFAULT '0',
      "cursor_id" bigint NOT NULL DEFAULT 0,
      "attempts" int NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
      "lease_id" uuid,
      "last_attempt_at" timestamptz,
      "last_http_status" int,
      "last_error" text,
      "delivered_events" bigint NOT NULL DEFAULT 0,
      "paused_reason" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "deleted_at" timestamptz
    )`);
    await q.query(
      `CREATE INDEX "event_subscription_client_idx" ON "gateway"."event_subscription" ("client_id") WHERE deleted_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX "event_subscription_due_idx" ON "gateway"."event_subscription" ("next_attempt_at") WHERE deleted_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."event_subscription"`);
    await q.query(`DROP TABLE "gateway"."event_feed"`);
  }
}
