import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRiskInspectionRequest1763712003100 implements MigrationInterface {
  name = 'CreateRiskInspectionRequest1763712003100';

  async up(q: QueryRunner): Promise<void> {
    // Inspection requests of risk cases, by order: pending until the list is decided (then 500 instead of 800),
    // or a post-release check when the list was already released.
    await q.query(`CREATE TABLE "customs"."risk_inspection_request" (
      "request_id" varchar(100) PRIMARY KEY,
      "order_no" varchar(60) NOT NULL,
      "case_id" varchar(100) NOT NULL,
      "rule_code" varchar(60) NOT NULL,
      "requested_by" varchar(100) NOT NULL,
      "reason" varchar(500) NOT NULL,
      "requested_at" timestamptz NOT NULL,
      "outcome" varchar(24) NOT NULL DEFAULT 'pending',
      "applied_at" timestamptz
    )`);
    await q.query(
      `CREATE INDEX "risk_inspection_request_order_idx" ON "customs"."risk_inspection_request" ("order_no")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "customs"."risk_inspection_request"`);
  }
}
