import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeclaredDocument1763712000200 implements MigrationInterface {
  name = 'CreateDeclaredDocument1763712000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customs"."declared_document" (
      "message_id" uuid PRIMARY KEY,
      "document_type" varchar(10) NOT NULL,
      "ebp_code" varchar(18) NOT NULL,
      "order_no" varchar(60) NOT NULL,
      "app_type" char(1) NOT NULL,
      "app_time" char(14) NOT NULL,
      "document" jsonb NOT NULL,
      "received_at" timestamptz NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX "declared_document_order_idx" ON "customs"."declared_document" ("ebp_code", "order_no")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "customs"."declared_document"`);
  }
}
