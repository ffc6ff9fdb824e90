import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWithheldTax1763712000300 implements MigrationInterface {
  name = 'CreateWithheldTax1763712000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "tax"."withheld_tax" (
      "message_id" uuid PRIMARY KEY,
      "ebp_code" varchar(18) NOT NULL,
      "order_no" varchar(60) NOT NULL,
      "app_time" char(14) NOT NULL,
      "tax_total" numeric(19, 5) NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "withheld_tax_order_idx" ON "tax"."withheld_tax" ("ebp_code", "order_no")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tax"."withheld_tax"`);
  }
}
