import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit list entries as the credit service publishes them (`credit.external.list-entry.changed.v1`): the
 * gateway refuses new declarations of a blacklisted enterprise (an access decision, like a suspension).
 */
export class CreateCreditListing1763712003000 implements MigrationInterface {
  name = 'CreateCreditListing1763712003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."credit_listing" (
      "entry_id" varchar(100) PRIMARY KEY,
      "enterprise_code" varchar(18) NOT NULL,
      "list" varchar(10) NOT NULL,
      "status" varchar(8) NOT NULL,
      "reason" varchar(500) NOT NULL,
      "appeal" varchar(300) NOT NULL,
      "start_at" timestamptz NOT NULL,
      "end_at" timestamptz,
      "changed_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "credit_listing_blacklist_idx" ON "gateway"."credit_listing" ("enterprise_code")
      WHERE "list" = 'blacklist' AND "status" = 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."credit_listing"`);
  }
}
