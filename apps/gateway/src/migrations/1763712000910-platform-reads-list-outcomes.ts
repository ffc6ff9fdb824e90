import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform (ebp) of an order reads the outcome of the order's list (release, inspection, refusal) in its own
 * receipt feed: the feed also selects list receipts by `ebp_code`, with an index of its own.
 */
export class PlatformReadsListOutcomes1763712000910 implements MigrationInterface {
  name = 'PlatformReadsListOutcomes1763712000910';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "receipt_platform_feed_idx" ON "gateway"."receipt" ("ebp_code", "tx_id", "id")
       WHERE document_type IN ('CEB621', 'CEB603')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "gateway"."receipt_platform_feed_idx"`);
  }
}
