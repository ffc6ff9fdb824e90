import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a rated enterprise is on the credit blacklist (the rating event's `lists`): a list naming it is
 * inspected whatever the inspection rate of its level.
 */
export class CreditRatingBlacklisted1763712003150 implements MigrationInterface {
  name = 'CreditRatingBlacklisted1763712003150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "customs"."credit_rating" ADD COLUMN "blacklisted" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "customs"."credit_rating" DROP COLUMN "blacklisted"`);
  }
}
