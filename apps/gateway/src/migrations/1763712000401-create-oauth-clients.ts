import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOAuthClients1763712000401 implements MigrationInterface {
  name = 'CreateOAuthClients1763712000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."oauth_client" (
      "client_id" varchar(64) PRIMARY KEY,
      "kind" varchar(10) NOT NULL CHECK ("kind" IN ('enterprise', 'regulator', 'operator')),
      "enterprise_code" char(10) REFERENCES "gateway"."enterprise" ("customs_code"),
      "agency" varchar(10),
      "scopes" text[] NOT NULL,
      "description" varchar(200) NOT NULL,
      "secret_hash" text NOT NULL,
      "secret_rotated_at" timestamptz,
      "revoked_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "oauth_client_binding_chk" CHECK (
        ("kind" = 'enterprise' AND "enterprise_code" IS NOT NULL AND "agency" IS NULL) OR
        ("kind" = 'regulator' AND "agency" IS NOT NULL AND "enterprise_code" IS NULL) OR
        ("kind" = 'operator' AND "agency" IS NULL AND "enterprise_code" IS NULL))
    )`);
    await q.query(
      `CREATE INDEX "oauth_client_enterprise_idx" ON "gateway"."oauth_client" ("enterprise_code") WHERE "enterprise_code" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."oauth_client"`);
  }
}
