import { MigrationInterface, QueryRunner } from 'typeorm';

/** Finds a waybill's inbound movement in any warehouse: a 9810 waybill's goods are taken into stock once. */
export class IndexInboundWaybills1763712003200 implements MigrationInterface {
  name = 'IndexInboundWaybills1763712003200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "stock_movement_inbound_waybill_idx" ON "logistics"."stock_movement" ("logistics_no")
         WHERE kind = 'inbound'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "logistics"."stock_movement_inbound_waybill_idx"`);
  }
}
