import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may transmit for whom, and who declared what.
 *
 * - `transmitter_authorisation`: an enterprise (the party, 委托方) authorises a registered transmitter (its agent,
 *   the `copCode` of `BaseTransfer`) to send documents of some CEB message types in its name until `valid_until`.
 *   One row per (party, transmitter); authorising again replaces the types and the date; revoking keeps the row
 *   with `revoked_at` set (who was authorised when stays on record).
 * - `document_version.declarer_code`: the party that declared the original of a business document; a change,
 *   deletion, cancel or return is taken only in that party's name. Filled from the message log for versions
 *   stored before (there the sender was always the party); the intake always sets it.
 * - `message_log.transmitter_code`: the enterprise that sent the document (the authenticated client's enterprise);
 *   `sender_code` stays the party the document is declared for. Both read the document and its receipts.
 *   `submission.sender_code` is the enterprise that made the request (the transmitter): one request may carry
 *   documents of several parties that authorised it.
 */
export class TransmittersAndDeclarers1763712000530 implements MigrationInterface {
  name = 'TransmittersAndDeclarers1763712000530';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "gateway"."transmitter_authorisation" (
      "party_code" char(10) NOT NULL REFERENCES "gateway"."enterprise" ("customs_code"),
      "transmitter_code" char(10) NOT NULL REFERENCES "gateway"."enterprise" ("customs_code"),
      "message_types" text[] NOT NULL CHECK (cardinality("message_types") > 0),
      "valid_until" timestamptz NOT NULL,
      "granted_by" text NOT NULL,
      "granted_at" timestamptz NOT NULL DEFAULT now(),
      "revoked_at" timestamptz,
      PRIMARY KEY ("party_code", "transmitter_code"),
      CONSTRAINT "transmitter_authorisation_not_self_chk" CHECK ("party_code" <> "transmitter_code")
    )`);
    await q.query(
      `CREATE INDEX "transmitter_authorisation_transmitter_idx"
         ON "gateway"."transmitter_authorisation" ("transmitter_code") WHERE "revoked_at" IS NULL`,
    );
    await q.query(`ALTER TABLE "gateway"."document_version" ADD COLUMN "declarer_code" varchar(18)`);
    await q.query(`UPDATE "gateway"."document_version" v SET declarer_code = m.sender_code
      FROM "gateway"."message_log" m WHERE m.id = v.message_id`);
    await q.query(`ALTER TABLE "gateway"."message_log" ADD COLUMN "transmitter_code" varchar(18)`);
    await q.query(
      `CREATE INDEX "message_log_transmitter_idx" ON "gateway"."message_log" ("transmitter_code", "received_at")
         WHERE "transmitter_code" IS DISTINCT FROM "sender_code"`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "gateway"."message_log_transmitter_idx"`);
    await q.query(`ALTER TABLE "gateway"."message_log" DROP COLUMN "transmitter_code"`);
    await q.query(`ALTER TABLE "gateway"."document_version" DROP COLUMN "declarer_code"`);
    await q.query(`DROP TABLE "gateway"."transmitter_authorisation"`);
  }
}
