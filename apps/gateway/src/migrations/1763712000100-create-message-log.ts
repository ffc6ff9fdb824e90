import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessageLog1763712000100 implements MigrationInterface {
  name = 'CreateMessageLog1763712000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."message_log" (
      "id" uuid PRIMARY KEY,
      "document_type" varchar(10) NOT NULL,
      "sender_code" varchar(18) NOT NULL,
      "ebp_code" varchar(18) NOT NULL,
      "order_no" varchar(60) NOT NULL,
      "content_type" text NOT NULL,
      "raw_body" text NOT NULL,
      "correlation_id" text NOT NULL,
      "received_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "message_log_order_idx" ON "gateway"."message_log" ("ebp_code", "order_no")`);
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
    await q.query(`DROP TABLE "gateway"."receipt"`);
    await q.query(`DROP TABLE "gateway"."message_log"`);
  }
}
