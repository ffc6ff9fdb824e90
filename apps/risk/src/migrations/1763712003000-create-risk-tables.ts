import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRiskTables1763712003000 implements MigrationInterface {
  name = 'CreateRiskTables1763712003000';

  async up(q: QueryRunner): Promise<void> {
    // One fact per subject and source; a newer version (a modified order, a withdrawn anomaly) replaces it.
    await q.query(`CREATE TABLE "risk"."observation" (
      "stream" varchar(20) NOT NULL,
      "subject_kind" varchar(20) NOT NULL,
      "subject" varchar(300) NOT NULL,
      "source" varchar(200) NOT NULL,
      "subject_masked" varchar(200) NOT NULL DEFAULT '',
      "count_key" varchar(300) NOT NULL,
      "at" timestamptz NOT NULL,
      "weight" int NOT NULL DEFAULT 1,
      "amount" numeric(19, 5),
      "active" boolean NOT NULL,
      "enterprise_code" varchar(18) NOT NULL,
      "order_no" varchar(60),
      "message_id" uuid,
      "document_type" varchar(10),
      "version" varchar(100) NOT NULL,
      PRIMARY KEY ("stream", "subject_kind", "subject", "source")
    )`);
    // Orders, payments and match results joined by order number, whichever arrives first.
    await q.query(`CREATE TABLE "risk"."order_fact" (
      "order_no" varchar(60) PRIMARY KEY,
      "order" jsonb,
      "payment" jsonb,
      "match" jsonb,
      "bill" jsonb
    )`);
    await q.query(`CREATE TABLE "risk"."warning" (
      "warning_id" varchar(100) PRIMARY KEY,
      "rule_code" varchar(60) NOT NULL,
      "rule_version" int NOT NULL,
      "subject_kind" varchar(20) NOT NULL,
      "subject" varchar(300) NOT NULL,
      "subject_masked" varchar(200) NOT NULL,
      "enterprise_code" varchar(18) NOT NULL,
      "grade" varchar(10),
      "published_grade" varchar(10),
      "score" int NOT NULL,
      "window_from" varchar(30) NOT NULL,
      "window_to" varchar(30) NOT NULL,
      "evidence" jsonb NOT NULL,
      "notice" jsonb,
      "case_id" uuid NOT NULL,
      "raised_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "risk"."risk_case" (
      "case_id" uuid PRIMARY KEY,
      "warning_id" varchar(100) NOT NULL UNIQUE,
      "rule_code" varchar(60) NOT NULL,
      "rule_version" int NOT NULL,
      "enterprise_code" varchar(18) NOT NULL,
      "grade" varchar(10) NOT NULL,
      "status" varchar(12) NOT NULL,
      "agency" varchar(20),
      "outcome" varchar(16),
      "step" int NOT NULL,
      "opened_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX "risk_case_query_idx" ON "risk"."risk_case" ("status", "agency", "rule_code", "enterprise_code")`,
    );
    // The audit trail: every step of a case with the named person and why.
    await q.query(`CREATE TABLE "risk"."case_event" (
      "case_id" uuid NOT NULL REFERENCES "risk"."risk_case" ("case_id"),
      "step" int NOT NULL,
      "status" varchar(12) NOT NULL,
      "action" varchar(40) NOT NULL,
      "actor" varchar(100) NOT NULL,
      "client_id" varchar(100),
      "agency" varchar(20),
      "reason" varchar(500) NOT NULL,
      "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("case_id", "step")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "risk"."case_event"`);
    await q.query(`DROP TABLE "risk"."risk_case"`);
    await q.query(`DROP TABLE "risk"."warning"`);
    await q.query(`DROP TABLE "risk"."order_fact"`);
    await q.query(`DROP TABLE "risk"."observation"`);
  }
}
