import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed token requests, per client id and source address and per source address, shared by every gateway
 * instance: the lockout holds whichever instance a client reaches.
 */
export class CreateTokenFailures1763712000600 implements MigrationInterface {
  name = 'CreateTokenFailures1763712000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."token_failure" (
      "key" varchar(120) PRIMARY KEY,
      "failures" integer NOT NULL,
      "last_failure_at" timestamptz NOT NULL,
      "locked_until" timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."token_failure"`);
  }
}
