import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sweep that closes (899) released lists once their return window has passed looked for them with a
 * sequential scan of every case; this partial index holds only the released lists, in the order it takes them.
 */
export class IndexReleasedLists1763712000900 implements MigrationInterface {
  name = 'IndexReleasedLists1763712000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "import_case_released_idx" ON "customs"."import_case" ("released_at") WHERE list_status = '800'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "customs"."import_case_released_idx"`);
  }
}
