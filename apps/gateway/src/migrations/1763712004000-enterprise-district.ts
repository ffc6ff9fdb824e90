import { MigrationInterface, QueryRunner } from 'typeorm';

/** The district or park of an enterprise (区县/园区), optional, for statistics by district (issue 17). */
export class EnterpriseDistrict1763712004000 implements MigrationInterface {
  name = 'EnterpriseDistrict1763712004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."enterprise" ADD COLUMN "district" varchar(60)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."enterprise" DROP COLUMN "district"`);
  }
}
