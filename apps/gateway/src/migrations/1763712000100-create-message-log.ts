import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessageLog1763712000100 implements MigrationInterface {
  name = 'CreateMessageLog1763712000100';

  async up(q: QueryRunner): Promise<void> {
    // One row per request a sender made that was accepted, with the body exactly as received.
    await q.query(`CREATE TABLE "gateway"."submission" (
      "id" uuid PRIMARY KEY,
      "message_type" varchar(10) NOT NULL,
      "sender_code" varchar(18) NOT NULL,
      "client_id" text NOT NULL,
      "content_type" text NOT NULL,
      "raw_body" text NOT NULL,
      "document_count" int NOT NULL,
      "correlation_id" text NOT NULL,
      "received_at" timestamptz NOT NULL DEFAULT now()
    )`);
    // One row per accepted document: what receipts refer to (message id) and senders read back.
    await q.query(`CREATE TABLE "gateway"."message_log" (
      "id" uuid PRIMARY KEY,
      "submission_id" uuid NOT NULL REFERENCES "gateway"."submission" ("id"),
      "position" int NOT NULL,
      "document_type" varchar(10) NOT NULL,
      "sender_code" varchar(18) NOT NULL,
      "identity" text NOT NULL,
      "order_key" text NOT NULL,
      "app_type" varchar(1),
      "app_time" varchar(14),
      "content_hash" char(64) NOT NULL,
      "document" jsonb NOT NULL,
      "correlation_id" text NOT NULL,
      "received_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX "message_log_sender_idx" ON "gateway"."message_log" ("sender_code", "received_at")`,
    );
    await q.query(`CREATE INDEX "message_log_key_idx" ON "gateway"."message_log" ("order_key")`);
    // The latest accepted version of each business document (type + identity): replays and stale changes.
    await q.query(`CREATE TABLE "gateway"."document_version" (
      "document_type" varchar(10) NOT NULL,
      "identity" text NOT NULL,
      "app_type" varchar(1),
      "app_time" varchar(14),
      "content_hash" char(64) NOT NULL,
      "message_id" uuid NOT NULL REFERENCES "gateway"."message_log" ("id"),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("document_type", "identity")
    )`);
    await q.query(`CREATE TABLE "gateway"."idempotency_key" (
      "client_id" text NOT NULL,
      "key" varchar(255) NOT NULL,
      "request_hash" char(64) NOT NULL,
      "state" varchar(12) NOT NULL,
      "response_status" int,
      "response_body" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "expires_at" timestamptz NOT NULL,
      PRIMARY KEY ("client_id", "key")
    )`);
    await q.query(`CREATE TABLE "gateway"."receipt" (
      "id" bigserial PRIMARY KEY,
      "event_id" uuid NOT NULL UNIQUE,
      "message_id" uuid NOT NULL,
      "document_type" varchar(10) NOT NULL,
      "return_status" varchar(4) NOT NULL,
      "return_time" char(17) NOT NULL,
      "return_info" text NOT NULL,
      "issued_by" text NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "receipt_message_idx" ON "gateway"."receipt" ("message_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['receipt', 'idempotency_key', 'document_version', 'message_log', 'submission']) {
      await q.query(`DROP TABLE "gateway"."${table}"`);
    }
  }
}
