import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The export orders, payment receipts and waybills B2B statistical verification (S9) matches 9710/9810 lists with:
 * only the fields it compares, no person data.
 */
export class CreateB2bDocuments1763712004100 implements MigrationInterface {
  name = 'CreateB2bDocuments1763712004100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "statistics"."b2b_document" (
      "kind" varchar(8) NOT NULL,
      "doc_key" varchar(120) NOT NULL,
      "app_time" varchar(14) NOT NULL,
      "facts" jsonb,
      PRIMARY KEY ("kind", "doc_key")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "statistics"."b2b_document"`);
  }
}
