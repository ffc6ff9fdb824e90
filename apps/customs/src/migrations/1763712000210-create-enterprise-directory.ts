import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEnterpriseDirectory1763712000210 implements MigrationInterface {
  name = 'CreateEnterpriseDirectory1763712000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "customs"."enterprise" (
      "customs_code" varchar(18) PRIMARY KEY,
      "roles" text[] NOT NULL,
      "status" varchar(12) NOT NULL,
      "version" int NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "customs"."enterprise"`);
  }
}
