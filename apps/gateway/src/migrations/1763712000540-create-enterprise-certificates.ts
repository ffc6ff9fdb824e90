import { MigrationInterface, QueryRunner } from 'typeorm';

/** Certificates registered per enterprise, against which the signatures of its CEB XML messages are verified. */
export class CreateEnterpriseCertificates1763712000540 implements MigrationInterface {
  name = 'CreateEnterpriseCertificates1763712000540';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."enterprise_certificate" (
      "enterprise_code" varchar(18) NOT NULL,
      "fingerprint" char(64) NOT NULL,
      "algorithm" varchar(10) NOT NULL CHECK ("algorithm" IN ('rsa-sha1', 'sm2-sm3')),
      "subject" text NOT NULL,
      "issuer" text NOT NULL,
      "serial_number" varchar(128) NOT NULL,
      "not_before" timestamptz NOT NULL,
      "not_after" timestamptz NOT NULL,
      "certificate_pem" text NOT NULL,
      "registered_at" timestamptz NOT NULL DEFAULT now(),
      "registered_by" varchar(64) NOT NULL,
      "revoked_at" timestamptz,
      "revoked_by" varchar(64),
      PRIMARY KEY ("enterprise_code", "fingerprint")
    )`);
    await q.query(`CREATE INDEX "enterprise_certificate_active_idx"
      ON "gateway"."enterprise_certificate" ("enterprise_code") WHERE "revoked_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "gateway"."enterprise_certificate"`);
  }
}
