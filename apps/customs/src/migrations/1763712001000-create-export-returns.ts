import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Export lists can be withdrawn (CEB605, clearance `cancelled`) and their goods brought back (CEB213 returns,
 * tallied at the supervised site by CEB215). A return is kept with the quantities it takes back per line of the
 * list, so later returns of the same list are held to what is left.
 */
export class CreateExportReturns1763712001000 implements MigrationInterface {
  name = 'CreateExportReturns1763712001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "customs"."export_case"
      ADD COLUMN "cancelled_at" timestamptz,
      ADD COLUMN "cancel_message_id" uuid`);
    await q.query(`CREATE TABLE "customs"."export_return" (
      "return_key" varchar(60) PRIMARY KEY,
      "message_id" uuid NOT NULL,
      "correlation_id" varchar(200) NOT NULL,
      "case_key" varchar(80) NOT NULL,
      "invt_no" varchar(20) NOT NULL,
      "ebc_code" varchar(18) NOT NULL,
      "logistics_code" varchar(18) NOT NULL,
      "logistics_no" varchar(80) NOT NULL,
      "app_time" char(14) NOT NULL,
      "status" varchar(12) NOT NULL,
      "lines" jsonb NOT NULL,
      "accepted_at" timestamptz NOT NULL,
      "tally_message_id" uuid,
      "tallied_at" timestamptz,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "export_return_case_idx" ON "customs"."export_return" ("case_key")`);
    await q.query(
      `CREATE INDEX "export_return_parcel_idx" ON "customs"."export_return" ("logistics_code", "logistics_no")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "customs"."export_return"`);
    await q.query(
      `ALTER TABLE "customs"."export_case" DROP COLUMN "cancel_message_id", DROP COLUMN "cancelled_at"`,
    );
  }
}
