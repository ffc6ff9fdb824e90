import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overseas (9810) and consolidation warehouses: the registry with each one's current stock (the row locked while
 * stock moves), stock by customer, every movement once per warehouse and movement id, and the 9810 export lists
 * an inbound movement may name by waybill.
 */
export class CreateWarehouses1763712003100 implements MigrationInterface {
  name = 'CreateWarehouses1763712003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "logistics"."warehouse" (
      "warehouse_id" varchar(40) PRIMARY KEY,
      "operator_code" varchar(18) NOT NULL,
      "kind" varchar(20) NOT NULL,
      "name" varchar(100) NOT NULL,
      "country" char(3) NOT NULL,
      "address" varchar(200) NOT NULL,
      "capacity" integer NOT NULL,
      "stock" numeric(24, 5) NOT NULL DEFAULT 0,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "warehouse_operator_idx" ON "logistics"."warehouse" ("operator_code")`);
    await q.query(`CREATE TABLE "logistics"."warehouse_owner_stock" (
      "warehouse_id" varchar(40) NOT NULL,
      "owner_code" varchar(18) NOT NULL,
      "quantity" numeric(24, 5) NOT NULL,
      PRIMARY KEY ("warehouse_id", "owner_code")
    )`);
    await q.query(`CREATE TABLE "logistics"."stock_movement" (
      "warehouse_id" varchar(40) NOT NULL,
      "movement_id" varchar(60) NOT NULL,
      "kind" varchar(20) NOT NULL,
      "delta" numeric(24, 5) NOT NULL,
      "owner_code" varchar(18) NOT NULL,
      "logistics_no" varchar(60),
      "counterpart_id" varchar(40),
      "reference" varchar(100),
      "occurred_at" timestamptz NOT NULL,
      "recorded_by" varchar(18) NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("warehouse_id", "movement_id")
    )`);
    await q.query(`CREATE TABLE "logistics"."export_list_9810" (
      "logistics_no" varchar(60) PRIMARY KEY,
      "list_message_id" uuid NOT NULL,
      "ebc_code" varchar(18) NOT NULL,
      "quantity" numeric(24, 5) NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['export_list_9810', 'stock_movement', 'warehouse_owner_stock', 'warehouse'])
      await q.query(`DROP TABLE "logistics"."${t}"`);
  }
}
