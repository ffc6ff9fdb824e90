import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEnterpriseRegistry1763712000400 implements MigrationInterface {
  name = 'CreateEnterpriseRegistry1763712000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."enterprise" (
      "customs_code" char(10) PRIMARY KEY,
      "kind" varchar(10) NOT NULL CHECK ("kind" IN ('enterprise', 'individual')),
      "credit_code" char(18),
      "id_number" varchar(18),
      "name" varchar(100) NOT NULL,
      "roles" text[] NOT NULL CHECK (cardinality("roles") > 0),
      "contacts" jsonb NOT NULL,
      "status" varchar(10) NOT NULL CHECK ("status" IN ('active', 'suspended')),
      "suspension_reason" varchar(200),
      "suspended_at" timestamptz,
      "version" integer NOT NULL,
      "registered_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "enterprise_identity_chk" CHECK (
        ("kind" = 'enterprise' AND "credit_code" IS NOT NULL AND "id_number" IS NULL) OR
        ("kind" = 'individual' AND "id_number" IS NOT NULL AND "credit_code" IS NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX "enterprise_credit_code_uq" ON "gateway"."enterprise" ("credit_code") WHERE "credit_code" IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "enterprise_id_number_uq" ON "gateway"."enterprise" ("id_number") WHERE "id_number" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "enterprise_roles_idx" ON "gateway"."enterprise" USING gin ("roles")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."enterprise"`);
  }
}
