import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assessments with the buyer's quota reservation, the buyer-year quota rows, tax bills with their status log,
 * guarantee accounts and consolidated-payment summaries. Amounts are numeric, never floating point.
 */
export class CreateTaxAssessment1763712000700 implements MigrationInterface {
  name = 'CreateTaxAssessment1763712000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "tax"."buyer_quota" (
      "buyer_key" char(64) NOT NULL,
      "year" int NOT NULL,
      "masked_id" varchar(60) NOT NULL,
      "used" numeric(19, 5) NOT NULL DEFAULT 0,
      "reserved" numeric(19, 5) NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("buyer_key", "year"),
      CHECK ("used" >= 0 AND "reserved" >= 0)
    )`);
    await q.query(`CREATE TABLE "tax"."assessment" (
      "request_id" uuid PRIMARY KEY,
      "list_message_id" uuid NOT NULL,
      "list_identity" varchar(200) NOT NULL,
      "order_no" varchar(60) NOT NULL,
      "ebp_code" varchar(18) NOT NULL,
      "ebc_code" varchar(18) NOT NULL,
      "agent_code" varchar(18) NOT NULL,
      "assure_code" varchar(18) NOT NULL,
      "buyer_key" char(64) NOT NULL,
      "quota_year" int NOT NULL,
      "declared_at" timestamptz NOT NULL,
      "state" varchar(20) NOT NULL,
      "outcome" varchar(30) NOT NULL,
      "code" varchar(10),
      "message" varchar(1000) NOT NULL,
      "rate_version" varchar(10),
      "dutiable_value" numeric(19, 5) NOT NULL DEFAULT 0,
      "customs_tax" numeric(19, 5) NOT NULL DEFAULT 0,
      "value_added_tax" numeric(19, 5) NOT NULL DEFAULT 0,
      "consumption_tax" numeric(19, 5) NOT NULL DEFAULT 0,
      "tax_total" numeric(19, 5) NOT NULL DEFAULT 0,
      "lines" jsonb NOT NULL DEFAULT '[]',
      "request" jsonb NOT NULL,
      "correlation_id" varchar(100) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CHECK ("state" IN ('reserved', 'committed', 'cancelled', 'returned', 'refused', 'held'))
    )`);
    await q.query(`CREATE INDEX "assessment_list_idx" ON "tax"."assessment" ("list_message_id")`);
    await q.query(
      `CREATE INDEX "assessment_assure_state_idx" ON "tax"."assessment" ("assure_code", "state")`,
    );
    await q.query(`CREATE INDEX "assessment_buyer_idx" ON "tax"."assessment" ("buyer_key", "quota_year")`);
    await q.query(`CREATE TABLE "tax"."guarantee_account" (
      "assure_code" varchar(18) PRIMARY KEY,
      "kind" varchar(30) NOT NULL CHECK ("kind" IN ('deposit', 'bank-guarantee', 'guarantee-insurance')),
      "amount" numeric(19, 5) NOT NULL CHECK ("amount" >= 0),
      "reference" varchar(100),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "tax"."payment_summary" (
      "id" uuid PRIMARY KEY,
      "assure_code" varchar(18) NOT NULL,
      "period_from" date NOT NULL,
      "period_to" date NOT NULL,
      "bill_count" int NOT NULL,
      "tax_total" numeric(19, 5) NOT NULL,
      "status" varchar(12) NOT NULL CHECK ("status" IN ('summarised', 'paid')),
      "ent_duty_no" varchar(50),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "paid_at" timestamptz
    )`);
    await q.query(`CREATE SEQUENCE "tax"."tax_no_seq"`);
    await q.query(`CREATE TABLE "tax"."tax_bill" (
      "tax_no" varchar(50) PRIMARY KEY,
      "request_id" uuid NOT NULL UNIQUE REFERENCES "tax"."assessment" ("request_id"),
      "list_message_id" uuid NOT NULL,
      "list_identity" varchar(200) NOT NULL,
      "order_no" varchar(60) NOT NULL,
      "assure_code" varchar(18) NOT NULL,
      "ebc_code" varchar(18) NOT NULL,
      "ebp_code" varchar(18) NOT NULL,
      "agent_code" varchar(18) NOT NULL,
      "customs_tax" numeric(19, 5) NOT NULL,
      "value_added_tax" numeric(19, 5) NOT NULL,
      "consumption_tax" numeric(19, 5) NOT NULL,
      "tax_total" numeric(19, 5) NOT NULL,
      "lines" jsonb NOT NULL,
      "status" char(1) NOT NULL CHECK ("status" IN ('1', '2', '3')),
      "summary_id" uuid REFERENCES "tax"."payment_summary" ("id"),
      "paid_at" timestamptz,
      "issued_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "tax_bill_assure_idx" ON "tax"."tax_bill" ("assure_code", "status")`);
    await q.query(`CREATE INDEX "tax_bill_ebc_idx" ON "tax"."tax_bill" ("ebc_code")`);
    await q.query(`CREATE TABLE "tax"."tax_bill_status" (
      "id" bigserial PRIMARY KEY,
      "tax_no" varchar(50) NOT NULL REFERENCES "tax"."tax_bill" ("tax_no"),
      "status" char(1) NOT NULL,
      "previous_status" char(1),
      "paid" boolean NOT NULL,
      "note" varchar(1000) NOT NULL,
      "changed_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "tax_bill_status_no_idx" ON "tax"."tax_bill_status" ("tax_no")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tax"."tax_bill_status"`);
    await q.query(`DROP TABLE "tax"."tax_bill"`);
    await q.query(`DROP SEQUENCE "tax"."tax_no_seq"`);
    await q.query(`DROP TABLE "tax"."payment_summary"`);
    await q.query(`DROP TABLE "tax"."guarantee_account"`);
    await q.query(`DROP TABLE "tax"."assessment"`);
    await q.query(`DROP TABLE "tax"."buyer_quota"`);
  }
}
