import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quota rows and assessments are keyed by the buyer's person token (`pt1.…`, 47 characters) instead of a
 * 64-character SHA-256 of the ID number: the key columns become varchar (a char column would pad tokens with
 * spaces). The legacy rows keep their key until the gateway's one-off mapping re-keys them
 * (docs/personal-data.md); their amounts are untouched.
 */
export class PersonTokenBuyerKeys1763712002000 implements MigrationInterface {
  name = 'PersonTokenBuyerKeys1763712002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tax"."buyer_quota" ALTER COLUMN "buyer_key" TYPE varchar(64)`);
    await q.query(`ALTER TABLE "tax"."assessment" ALTER COLUMN "buyer_key" TYPE varchar(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tax"."assessment" ALTER COLUMN "buyer_key" TYPE char(64)`);
    await q.query(`ALTER TABLE "tax"."buyer_quota" ALTER COLUMN "buyer_key" TYPE char(64)`);
  }
}
