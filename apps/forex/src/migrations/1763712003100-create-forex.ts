import { MigrationInterface, QueryRunner } from 'typeorm';

/** The forex schema: transaction e-information, settlements and netting, rates, 名录 years, verification. */
export class CreateForex1763712003100 implements MigrationInterface {
  name = 'CreateForex1763712003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "forex"."fx_transaction" (
      "transaction_id" varchar(140) PRIMARY KEY,
      "flow" varchar(6) NOT NULL CHECK ("flow" IN ('export', 'import')),
      "ebp_code" varchar(18) NOT NULL,
      "order_no" varchar(60) NOT NULL,
      "enterprise_code" varchar(18),
      "enterprise_name" varchar(200),
      "order_message_id" uuid,
      "order_amount" numeric(19, 5),
      "order_freight" numeric(19, 5),
      "order_currency" char(3),
      "receipt_message_id" uuid,
      "receipt_amount" numeric(19, 5),
      "receipt_currency" char(3),
      "payer_name" varchar(100),
      "pay_no" varchar(60),
      "list_message_id" uuid,
      "list_amount" numeric(19, 5),
      "list_currency" char(3),
      "list_lines" jsonb,
      "trade_mode" char(4),
      "country" char(3),
      "list_cop_no" varchar(60),
      "logistics_no" varchar(60),
      "invt_no" varchar(40),
      "departure_cop_no" varchar(60),
      "departed_at" timestamptz,
      "currency" char(3),
      "declared_amount" numeric(19, 2),
      "reversed_amount" numeric(19, 2) NOT NULL DEFAULT 0,
      "settled_amount" numeric(19, 2) NOT NULL DEFAULT 0,
      "converted_amount" numeric(19, 2) NOT NULL DEFAULT 0,
      "fees_amount" numeric(19, 2) NOT NULL DEFAULT 0,
      "authenticity" varchar(12),
      "reasons" text[] NOT NULL DEFAULT '{}',
      "recorded_at" timestamptz,
      "version" int NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX "fx_transaction_page_idx" ON "forex"."fx_transaction" ("recorded_at", "transaction_id") WHERE "recorded_at" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "fx_transaction_enterprise_idx" ON "forex"."fx_transaction" ("enterprise_code", "recorded_at")`,
    );
    await q.query(`CREATE INDEX "fx_transaction_list_idx" ON "forex"."fx_transaction" ("list_message_id")`);
    await q.query(`CREATE INDEX "fx_transaction_logistics_idx" ON "forex"."fx_transaction" ("logistics_no")`);
    await q.query(`CREATE INDEX "fx_transaction_invt_idx" ON "forex"."fx_transaction" ("invt_no")`);

    await q.query(`CREATE TABLE "forex"."list_clearance" (
      "list_message_id" uuid PRIMARY KEY,
      "list_identity" varchar(140) NOT NULL,
      "released_at" timestamptz,
      "closed_at" timestamptz,
      "cancelled_at" timestamptz,
      "returned_at" timestamptz
    )`);
    await q.query(`CREATE TABLE "forex"."export_departure" (
      "logistics_no" varchar(60) PRIMARY KEY,
      "message_id" uuid NOT NULL,
      "cop_no" varchar(60) NOT NULL,
      "leave_time" timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE "forex"."fx_return" (
      "message_id" uuid PRIMARY KEY,
      "flow" varchar(6) NOT NULL,
      "ebp_code" varchar(18) NOT NULL,
      "order_no" varchar(60),
      "invt_no" varchar(40),
      "lines" jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX "fx_return_order_idx" ON "forex"."fx_return" ("ebp_code", "order_no")`);
    await q.query(`CREATE INDEX "fx_return_invt_idx" ON "forex"."fx_return" ("invt_no")`);

    await q.query(`CREATE TABLE "forex"."settlement" (
      "settlement_id" uuid PRIMARY KEY,
      "bank_code" varchar(11) NOT NULL,
      "bank_reference" varchar(64) NOT NULL,
      "kind" varchar(20) NOT NULL,
      "currency" char(3) NOT NULL,
      "amount" numeric(19, 2) NOT NULL,
      "usd_amount" numeric(19, 2) NOT NULL,
      "rate_date" date NOT NULL,
      "rate_version" int NOT NULL,
      "request_hash" char(64) NOT NULL,
      "settled_at" timestamptz NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      UNIQUE ("bank_code", "bank_reference")
    )`);
    await q.query(`CREATE TABLE "forex"."settlement_allocation" (
      "settlement_id" uuid NOT NULL REFERENCES "forex"."settlement" ("settlement_id"),
      "transaction_id" varchar(140) NOT NULL REFERENCES "forex"."fx_transaction" ("transaction_id"),
      "enterprise_code" varchar(18) NOT NULL,
      "amount" numeric(19, 2) NOT NULL,
      "usd_amount" numeric(19, 2) NOT NULL,
      PRIMARY KEY ("settlement_id", "transaction_id")
    )`);
    await q.query(
      `CREATE INDEX "settlement_allocation_tx_idx" ON "forex"."settlement_allocation" ("transaction_id")`,
    );
    await q.query(
      `CREATE INDEX "settlement_allocation_enterprise_idx" ON "forex"."settlement_allocation" ("enterprise_code")`,
    );
    await q.query(`CREATE INDEX "settlement_settled_at_idx" ON "forex"."settlement" ("settled_at")`);
    await q.query(`CREATE TABLE "forex"."fee_declaration" (
      "enterprise_code" varchar(18) NOT NULL,
      "reference" varchar(64) NOT NULL,
      "transaction_id" varchar(140) NOT NULL REFERENCES "forex"."fx_transaction" ("transaction_id"),
      "kind" varchar(20) NOT NULL,
      "amount" numeric(19, 2) NOT NULL,
      "currency" char(3) NOT NULL,
      "evidence" text[] NOT NULL,
      "request_hash" char(64) NOT NULL,
      "declared_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("enterprise_code", "reference")
    )`);
    await q.query(`CREATE TABLE "forex"."advanced_fee" (
      "enterprise_code" varchar(18) NOT NULL,
      "reference" varchar(64) NOT NULL,
      "customer_code" varchar(18) NOT NULL,
      "kind" varchar(20) NOT NULL,
      "amount" numeric(19, 2) NOT NULL,
      "currency" char(3) NOT NULL,
      "evidence" text[] NOT NULL,
      "request_hash" char(64) NOT NULL,
      "advanced_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("enterprise_code", "reference")
    )`);
    await q.query(`CREATE TABLE "forex"."exchange_rate" (
      "rate_date" date NOT NULL,
      "version" int NOT NULL,
      "currency" char(3) NOT NULL,
      "usd_per_unit" numeric(24, 10) NOT NULL,
      "loaded_by_operator" boolean NOT NULL,
      "loaded_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("rate_date", "version", "currency")
    )`);
    await q.query(`CREATE TABLE "forex"."directory_year" (
      "enterprise_code" varchar(18) NOT NULL,
      "year" char(4) NOT NULL,
      "receipts_usd" numeric(19, 2) NOT NULL DEFAULT 0,
      "payments_usd" numeric(19, 2) NOT NULL DEFAULT 0,
      "status" varchar(24) NOT NULL DEFAULT 'exempt',
      "changed_at" timestamptz,
      "registration_sent_at" timestamptz,
      PRIMARY KEY ("enterprise_code", "year")
    )`);
    await q.query(`CREATE TABLE "forex"."verification_anomaly" (
      "anomaly_id" varchar(200) PRIMARY KEY,
      "enterprise_code" varchar(18) NOT NULL,
      "period" varchar(7) NOT NULL,
      "kind" varchar(60) NOT NULL,
      "status" varchar(10) NOT NULL,
      "declared_usd" numeric(19, 2) NOT NULL,
      "settled_usd" numeric(19, 2) NOT NULL,
      "reason" varchar(500) NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "forex"."individual_seller" (
      "customs_code" varchar(18) PRIMARY KEY,
      "name" varchar(200) NOT NULL,
      "account_no" varchar(40),
      "bank_code" varchar(11),
      "opened_at" timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'individual_seller',
      'verification_anomaly',
      'directory_year',
      'exchange_rate',
      'advanced_fee',
      'fee_declaration',
      'settlement_allocation',
      'settlement',
      'fx_return',
      'export_departure',
      'list_clearance',
      'fx_transaction',
    ])
      await q.query(`DROP TABLE "forex"."${t}"`);
  }
}
