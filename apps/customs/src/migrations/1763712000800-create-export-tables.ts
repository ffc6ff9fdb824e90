import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExportTables1763712000800 implements MigrationInterface {
  name = 'CreateExportTables1763712000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customs"."export_document" (
      "message_id" uuid PRIMARY KEY,
      "document_type" varchar(10) NOT NULL,
      "identity" varchar(120) NOT NULL,
      "order_key" varchar(80),
      "waybill_key" varchar(60),
      "app_type" char(1) NOT NULL,
      "app_time" char(14) NOT NULL,
      "sender_code" varchar(18) NOT NULL,
      "correlation_id" varchar(200) NOT NULL,
      "document" jsonb NOT NULL,
      "received_at" timestamptz NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "export_document_order_idx" ON "customs"."export_document" ("order_key")`);
    await q.query(
      `CREATE INDEX "export_document_waybill_idx" ON "customs"."export_document" ("waybill_key")`,
    );
    await q.query(`CREATE TABLE "customs"."export_case" (
      "case_key" varchar(80) PRIMARY KEY,
      "order_no" varchar(60) NOT NULL,
      "waybill_key" varchar(60),
      "outcome" varchar(12) NOT NULL DEFAULT 'incomplete',
      "decision" text,
      "list_status" varchar(4),
      "clearance" varchar(24) NOT NULL DEFAULT 'pending',
      "invt_no" varchar(20) UNIQUE,
      "list_message_id" uuid,
      "customs_code" varchar(4),
      "agent_code" varchar(18),
      "ebc_code" varchar(18),
      "owner_code" varchar(18),
      "trade_mode" varchar(4),
      "statistics_flag" char(1),
      "currency" varchar(3),
      "goods_value" numeric(19,5),
      "gross_weight" numeric(19,5),
      "net_weight" numeric(19,5),
      "pack_no" int,
      "released_at" timestamptz,
      "arrived_at" timestamptz,
      "departed_at" timestamptz,
      "sum_no" varchar(20),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "export_case_waybill_idx" ON "customs"."export_case" ("waybill_key")`);
    await q.query(
      `CREATE INDEX "export_case_summary_idx" ON "customs"."export_case" ("ebc_code", "clearance") WHERE "sum_no" IS NULL`,
    );
    await q.query(`CREATE TABLE "customs"."export_logistics_event" (
      "waybill_key" varchar(60) NOT NULL,
      "kind" varchar(10) NOT NULL,
      "message_id" uuid NOT NULL,
      "occurred_at" timestamptz NOT NULL,
      PRIMARY KEY ("waybill_key", "kind", "message_id")
    )`);
    await q.query(`CREATE TABLE "customs"."export_summary" (
      "sum_no" varchar(20) PRIMARY KEY,
      "request_message_id" uuid NOT NULL,
      "agent_code" varchar(18) NOT NULL,
      "ebc_code" varchar(18) NOT NULL,
      "owner_code" varchar(18),
      "trade_mode" varchar(4) NOT NULL,
      "result" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE SEQUENCE "customs"."export_invt_seq"`);
    await q.query(`CREATE SEQUENCE "customs"."export_sum_seq"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE "customs"."export_sum_seq"`);
    await q.query(`DROP SEQUENCE "customs"."export_invt_seq"`);
    await q.query(`DROP TABLE "customs"."export_summary"`);
    await q.query(`DROP TABLE "customs"."export_logistics_event"`);
    await q.query(`DROP TABLE "customs"."export_case"`);
    await q.query(`DROP TABLE "customs"."export_document"`);
  }
}
