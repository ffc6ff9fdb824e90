import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What reading receipts back needs: the sender of the answered document (whose feed it belongs to), the keys the
 * CEB return element echoes (guid, ebpCode, ebcCode, orderNo ...), and the id of the transaction that recorded
 * the receipt, so the feed can hide rows until every older transaction has finished (no row is ever skipped).
 */
export class ReceiptReadBack1763712000500 implements MigrationInterface {
  name = 'ReceiptReadBack1763712000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "gateway"."receipt"
      ADD COLUMN "sender_code" varchar(18),
      ADD COLUMN "ebp_code" varchar(18),
      ADD COLUMN "order_no" varchar(60),
      ADD COLUMN "document_guid" varchar(36),
      ADD COLUMN "document_keys" jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN "tx_id" xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await q.query(`UPDATE "gateway"."receipt" r SET sender_code = m.sender_code
      FROM "gateway"."message_log" m WHERE m.id = r.message_id`);
    await q.query(
      `CREATE INDEX "receipt_sender_feed_idx" ON "gateway"."receipt" ("sender_code", "tx_id", "id")`,
    );
    await q.query(`CREATE INDEX "receipt_feed_idx" ON "gateway"."receipt" ("tx_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "gateway"."receipt_feed_idx"`);
    await q.query(`DROP INDEX "gateway"."receipt_sender_feed_idx"`);
    await q.query(`ALTER TABLE "gateway"."receipt"
      DROP COLUMN "tx_id", DROP COLUMN "document_keys", DROP COLUMN "document_guid",
      DROP COLUMN "order_no", DROP COLUMN "ebp_code", DROP COLUMN "sender_code"`);
  }
}
