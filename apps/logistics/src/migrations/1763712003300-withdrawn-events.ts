import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A timeline event may be withdrawn (a CEB513 status deleted with appType 3): the row stays, marked, so the event
 * is off the timeline and the status it deleted, coming again or later, adds nothing.
 */
export class WithdrawnEvents1763712003300 implements MigrationInterface {
  name = 'WithdrawnEvents1763712003300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "logistics"."timeline_event" ADD COLUMN "withdrawn_at" timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "logistics"."timeline_event" DROP COLUMN "withdrawn_at"`);
  }
}
