import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People are named (ARCHITECTURE.md): staff accounts of operators and regulators, issued by an operator, with an
 * argon2id password hash; their console sessions (one row per sign-in: sign-out, disabling the account or
 * resetting its password ends them); and the person behind each audited clear read of personal data.
 */
export class CreateStaffAccounts1763712003500 implements MigrationInterface {
  name = 'CreateStaffAccounts1763712003500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."staff_account" (
      "id" uuid PRIMARY KEY,
      "login" varchar(40) NOT NULL UNIQUE,
      "display_name" varchar(100) NOT NULL,
      "kind" varchar(10) NOT NULL CHECK ("kind" IN ('regulator', 'operator')),
      "agency" varchar(10),
      "scopes" text[] NOT NULL,
      "password_hash" text NOT NULL,
      "password_set_at" timestamptz NOT NULL,
      "disabled_at" timestamptz,
      "last_sign_in_at" timestamptz,
      "created_by" varchar(64) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "staff_account_agency_chk" CHECK (("kind" = 'regulator') = ("agency" IS NOT NULL))
    )`);
    await q.query(`CREATE TABLE "gateway"."staff_session" (
      "id" uuid PRIMARY KEY,
      "account_id" uuid NOT NULL REFERENCES "gateway"."staff_account" ("id"),
      "started_at" timestamptz NOT NULL DEFAULT now(),
      "expires_at" timestamptz NOT NULL,
      "ended_at" timestamptz
    )`);
    await q.query(
      `CREATE INDEX "staff_session_open_idx" ON "gateway"."staff_session" ("account_id") WHERE "ended_at" IS NULL`,
    );
    await q.query(`ALTER TABLE "gateway"."personal_data_read" ADD COLUMN "person_id" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."personal_data_read" DROP COLUMN "person_id"`);
    await q.query(`DROP TABLE "gateway"."staff_session"`);
    await q.query(`DROP TABLE "gateway"."staff_account"`);
  }
}
