import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateImportCase1763712000600 implements MigrationInterface {
  name = 'CreateImportCase1763712000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customs"."import_case" (
      "order_no" varchar(60) PRIMARY KEY,
      "slots" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "status" varchar(16) NOT NULL DEFAULT 'open',
      "failures" jsonb NOT NULL DEFAULT '[]'::jsonb,
      "list_status" varchar(8),
      "assessment_request_id" uuid,
      "decisions" int NOT NULL DEFAULT 0,
      "correlation_id" varchar(100),
      "released_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX "import_case_open_idx" ON "customs"."import_case" ("created_at") WHERE status = 'open'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "import_case_request_idx" ON "customs"."import_case" ("assessment_request_id")`,
    );
    await q.query(`CREATE TABLE "customs"."credit_rating" (
      "enterprise_code" varchar(18) PRIMARY KEY,
      "level" char(1) NOT NULL,
      "rated_at" timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "customs"."credit_rating"`);
    await q.query(`DROP TABLE "customs"."import_case"`);
  }
}
