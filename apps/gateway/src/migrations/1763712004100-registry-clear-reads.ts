import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clear reads of registry records (an individual seller's ID number) audited beside clear reads of messages:
 * such a row names the record read (`subject_code`) and no message.
 */
export class RegistryClearReads1763712004100 implements MigrationInterface {
  name = 'RegistryClearReads1763712004100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."personal_data_read" ALTER COLUMN "message_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "gateway"."personal_data_read" ADD COLUMN "subject_code" varchar(18)`);
    await q.query(
      `ALTER TABLE "gateway"."personal_data_read" ADD CONSTRAINT "personal_data_read_subject_chk"
         CHECK (message_id IS NOT NULL OR subject_code IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "gateway"."personal_data_read" WHERE message_id IS NULL`);
    await q.query(
      `ALTER TABLE "gateway"."personal_data_read" DROP CONSTRAINT "personal_data_read_subject_chk"`,
    );
    await q.query(`ALTER TABLE "gateway"."personal_data_read" DROP COLUMN "subject_code"`);
    await q.query(`ALTER TABLE "gateway"."personal_data_read" ALTER COLUMN "message_id" SET NOT NULL`);
  }
}
