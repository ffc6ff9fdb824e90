import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Banks as users (forex): banks registered by operators with their SWIFT BIC (and CNAPS code), bank clients, and
 * the banks each enterprise named as holding its FX accounts (a bank sees only those enterprises' records).
 */
export class CreateBanks1763712003100 implements MigrationInterface {
  name = 'CreateBanks1763712003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."bank" (
      "swift_code" varchar(11) PRIMARY KEY,
      "cnaps_code" char(12) UNIQUE,
      "name" varchar(200) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "gateway"."bank_customer" (
      "bank_code" varchar(11) NOT NULL REFERENCES "gateway"."bank" ("swift_code"),
      "enterprise_code" char(10) NOT NULL REFERENCES "gateway"."enterprise" ("customs_code"),
      "named_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("bank_code", "enterprise_code")
    )`);
    await q.query(
      `CREATE INDEX "bank_customer_enterprise_idx" ON "gateway"."bank_customer" ("enterprise_code")`,
    );
    await q.query(
      `ALTER TABLE "gateway"."oauth_client" ADD COLUMN "bank_code" varchar(11) REFERENCES "gateway"."bank" ("swift_code")`,
    );
    await q.query(`ALTER TABLE "gateway"."oauth_client" DROP CONSTRAINT "oauth_client_kind_check"`);
    await q.query(
      `ALTER TABLE "gateway"."oauth_client" ADD CONSTRAINT "oauth_client_kind_check"
         CHECK ("kind" IN ('enterprise', 'regulator', 'operator', 'bank'))`,
    );
    await q.query(`ALTER TABLE "gateway"."oauth_client" DROP CONSTRAINT "oauth_client_binding_chk"`);
    await q.query(`ALTER TABLE "gateway"."oauth_client" ADD CONSTRAINT "oauth_client_binding_chk" CHECK (
        ("kind" = 'enterprise' AND "enterprise_code" IS NOT NULL AND "agency" IS NULL AND "bank_code" IS NULL) OR
        ("kind" = 'regulator' AND "agency" IS NOT NULL AND "enterprise_code" IS NULL AND "bank_code" IS NULL) OR
        ("kind" = 'operator' AND "agency" IS NULL AND "enterprise_code" IS NULL AND "bank_code" IS NULL) OR
        ("kind" = 'bank' AND "bank_code" IS NOT NULL AND "agency" IS NULL AND "enterprise_code" IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "gateway"."oauth_client" WHERE "kind" = 'bank'`);
    await q.query(`ALTER TABLE "gateway"."oauth_client" DROP CONSTRAINT "oauth_client_binding_chk"`);
    await q.query(`ALTER TABLE "gateway"."oauth_client" ADD CONSTRAINT "oauth_client_binding_chk" CHECK (
        ("kind" = 'enterprise' AND "enterprise_code" IS NOT NULL AND "agency" IS NULL) OR
        ("kind" = 'regulator' AND "agency" IS NOT NULL AND "enterprise_code" IS NULL) OR
        ("kind" = 'operator' AND "agency" IS NULL AND "enterprise_code" IS NULL))`);
    await q.query(`ALTER TABLE "gateway"."oauth_client" DROP CONSTRAINT "oauth_client_kind_check"`);
    await q.query(
      `ALTER TABLE "gateway"."oauth_client" ADD CONSTRAINT "oauth_client_kind_check"
         CHECK ("kind" IN ('enterprise', 'regulator', 'operator'))`,
    );
    await q.query(`ALTER TABLE "gateway"."oauth_client" DROP COLUMN "bank_code"`);
    await q.query(`DROP TABLE "gateway"."bank_customer"`);
    await q.query(`DROP TABLE "gateway"."bank"`);
  }
}
