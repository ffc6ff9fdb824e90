import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit archive: one file per enterprise or individual seller (`subject`), made of facts; its rating; list
 * entries (decided or by rule); appeals; the tax bills watched for their due date; the enterprise of an order,
 * to attribute an import match refusal (its case key is the order number only).
 */
export class CreateCreditArchive1763712003000 implements MigrationInterface {
  name = 'CreateCreditArchive1763712003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "credit"."subject" (
      "code" varchar(18) PRIMARY KEY,
      "kind" varchar(10) NOT NULL DEFAULT 'enterprise' CHECK ("kind" IN ('enterprise', 'individual')),
      "name" varchar(100),
      "registry_version" integer NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "credit"."fact" (
      "id" text PRIMARY KEY,
      "subject_code" varchar(18),
      "order_no" varchar(60),
      "source" varchar(20) NOT NULL,
      "kind" text NOT NULL,
      "severity" varchar(6) NOT NULL CHECK ("severity" IN ('low', 'medium', 'high')),
      "occurred_at" timestamptz NOT NULL,
      "expires_at" timestamptz,
      "status" varchar(8) NOT NULL CHECK ("status" IN ('active', 'reversed')),
      "reason" varchar(1000) NOT NULL,
      "evidence" jsonb NOT NULL DEFAULT '[]',
      "aeo_grade" varchar(8),
      "version" timestamptz NOT NULL,
      "recorded_by" varchar(400),
      "reversal_reason" varchar(500),
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "fact_subject_idx" ON "credit"."fact" ("subject_code")`);
    await q.query(
      `CREATE INDEX "fact_unattributed_idx" ON "credit"."fact" ("order_no") WHERE "subject_code" IS NULL`,
    );
    await q.query(`CREATE TABLE "credit"."rating" (
      "subject_code" varchar(18) PRIMARY KEY,
      "level" char(1) NOT NULL CHECK ("level" IN ('A', 'B', 'C', 'D')),
      "score" numeric(7, 2) NOT NULL,
      "model_version" varchar(40) NOT NULL,
      "explanation" jsonb NOT NULL,
      "reason" varchar(1000) NOT NULL,
      "next_due_at" timestamptz,
      "rated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX "rating_due_idx" ON "credit"."rating" ("next_due_at") WHERE "next_due_at" IS NOT NULL`,
    );
    await q.query(`CREATE TABLE "credit"."list_entry" (
      "id" uuid PRIMARY KEY,
      "subject_code" varchar(18) NOT NULL,
      "list" varchar(10) NOT NULL CHECK ("list" IN ('abnormal', 'blacklist', 'whitelist')),
      "basis" varchar(8) NOT NULL CHECK ("basis" IN ('decision', 'rule')),
      "rule_id" varchar(60),
      "reason" varchar(500) NOT NULL,
      "start_at" timestamptz NOT NULL,
      "end_at" timestamptz,
      "status" varchar(8) NOT NULL CHECK ("status" IN ('active', 'ended', 'repaired', 'revoked')),
      "decided_by" varchar(200),
      "decided_client" varchar(200),
      "closing_note" varchar(500),
      "changed_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "list_entry_subject_idx" ON "credit"."list_entry" ("subject_code")`);
    // One active entry per rule and list: two instances rating one file at once cannot both open it.
    await q.query(`CREATE UNIQUE INDEX "list_entry_rule_once" ON "credit"."list_entry" ("subject_code", "list", "rule_id")
      WHERE "basis" = 'rule' AND "status" = 'active'`);
    await q.query(`CREATE TABLE "credit"."appeal" (
      "id" uuid PRIMARY KEY,
      "subject_code" varchar(18) NOT NULL,
      "target" varchar(10) NOT NULL CHECK ("target" IN ('fact', 'list-entry')),
      "target_id" text NOT NULL,
      "grounds" varchar(2000) NOT NULL,
      "filed_client" varchar(200) NOT NULL,
      "filed_at" timestamptz NOT NULL DEFAULT now(),
      "status" varchar(8) NOT NULL CHECK ("status" IN ('pending', 'upheld', 'rejected')),
      "decided_by" varchar(200),
      "decided_client" varchar(200),
      "decision_note" varchar(1000),
      "decided_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "appeal_subject_idx" ON "credit"."appeal" ("subject_code")`);
    await q.query(
      `CREATE UNIQUE INDEX "appeal_pending_once" ON "credit"."appeal" ("target", "target_id") WHERE "status" = 'pending'`,
    );
    await q.query(`CREATE TABLE "credit"."tax_bill" (
      "tax_no" text PRIMARY KEY,
      "assure_code" varchar(18) NOT NULL,
      "list_identity" text NOT NULL,
      "issued_at" timestamptz NOT NULL,
      "due_at" timestamptz NOT NULL,
      "settled" boolean NOT NULL DEFAULT false,
      "overdue_recorded" boolean NOT NULL DEFAULT false
    )`);
    await q.query(
      `CREATE INDEX "tax_bill_due_idx" ON "credit"."tax_bill" ("due_at") WHERE NOT "settled" AND NOT "overdue_recorded"`,
    );
    await q.query(`CREATE TABLE "credit"."order_subject" (
      "order_no" varchar(60) PRIMARY KEY,
      "subject_code" varchar(18) NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['order_subject', 'tax_bill', 'appeal', 'list_entry', 'rating', 'fact', 'subject'])
      await q.query(`DROP TABLE "credit"."${t}"`);
  }
}
