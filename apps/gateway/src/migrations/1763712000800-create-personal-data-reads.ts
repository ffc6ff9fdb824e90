import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit of clear personal-data reads (docs/personal-data.md): every answer that shows a person field in
 * clear records who read which fields of which message, when and why (the personal-data scope, or a bank
 * reading its own customers' payments). Rows are only ever inserted.
 */
export class CreatePersonalDataReads1763712000800 implements MigrationInterface {
  name = 'CreatePersonalDataReads1763712000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."personal_data_read" (
      "id" bigserial PRIMARY KEY,
      "read_at" timestamptz NOT NULL DEFAULT now(),
      "client_id" varchar(64) NOT NULL,
      "principal_kind" varchar(20) NOT NULL,
      "enterprise_code" varchar(18),
      "agency" varchar(30),
      "message_id" uuid NOT NULL,
      "document_type" varchar(10) NOT NULL,
      "fields" text[] NOT NULL,
      "entitlement" varchar(30) NOT NULL,
      "correlation_id" varchar(100)
    )`);
    await q.query(
      `CREATE INDEX "personal_data_read_message_idx" ON "gateway"."personal_data_read" ("message_id")`,
    );
    await q.query(
      `CREATE INDEX "personal_data_read_client_idx" ON "gateway"."personal_data_read" ("client_id", "read_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."personal_data_read"`);
  }
}
