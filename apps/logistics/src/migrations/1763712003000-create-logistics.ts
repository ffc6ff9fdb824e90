import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per waybill (its parties, masked consignee, weights, release, current status: the row locked while
 * its timeline changes), the timeline's events (one per stable event id, so a duplicate is a no-op), the lists
 * and their clearance events (kept apart, so a clearance event that comes before its list is applied when the
 * list comes), the orders that named each waybill, the anomalies as last published, and the due-time table of the
 * no-scan-after-release rule.
 */
export class CreateLogistics1763712003000 implements MigrationInterface {
  name = 'CreateLogistics1763712003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "logistics"."waybill" (
      "logistics_no" varchar(60) PRIMARY KEY,
      "logistics_code" varchar(18),
      "flow" varchar(6),
      "order_no" varchar(60),
      "ebp_code" varchar(18),
      "ebc_code" varchar(18),
      "agent_code" varchar(18),
      "consignee_masked" varchar(120),
      "telephone_masked" varchar(120),
      "address_masked" varchar(120),
      "waybill_weight" numeric(19, 5),
      "waybill_app_time" char(14),
      "list_weight" numeric(19, 5),
      "released_at" timestamptz,
      "delivered_at" timestamptz,
      "last_scan_at" timestamptz,
      "status" varchar(20),
      "status_event_id" varchar(200),
      "status_at" timestamptz,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "logistics"."timeline_event" (
      "logistics_no" varchar(60) NOT NULL,
      "event_id" varchar(200) NOT NULL,
      "kind" varchar(20) NOT NULL,
      "source" varchar(10) NOT NULL,
      "occurred_at" timestamptz NOT NULL,
      "place" varchar(200),
      "carrier" varchar(100),
      "reported_by" varchar(18),
      "note" varchar(500),
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("logistics_no", "event_id")
    )`);
    await q.query(`CREATE TABLE "logistics"."list_waybill" (
      "list_message_id" uuid PRIMARY KEY,
      "logistics_no" varchar(60) NOT NULL
    )`);
    await q.query(`CREATE TABLE "logistics"."clearance_event" (
      "list_message_id" uuid NOT NULL,
      "event_id" varchar(200) NOT NULL,
      "kind" varchar(20) NOT NULL,
      "occurred_at" timestamptz NOT NULL,
      "note" varchar(500),
      PRIMARY KEY ("list_message_id", "event_id")
    )`);
    await q.query(`CREATE TABLE "logistics"."waybill_order" (
      "logistics_no" varchar(60) NOT NULL,
      "order_no" varchar(60) NOT NULL,
      PRIMARY KEY ("logistics_no", "order_no")
    )`);
    await q.query(`CREATE TABLE "logistics"."anomaly" (
      "anomaly_id" varchar(200) PRIMARY KEY,
      "enterprise_code" varchar(18) NOT NULL,
      "kind" varchar(60) NOT NULL,
      "status" varchar(10) NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "logistics"."scan_due" (
      "logistics_no" varchar(60) PRIMARY KEY,
      "due_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "scan_due_at_idx" ON "logistics"."scan_due" ("due_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'scan_due',
      'anomaly',
      'waybill_order',
      'clearance_event',
      'list_waybill',
      'timeline_event',
      'waybill',
    ])
      await q.query(`DROP TABLE "logistics"."${t}"`);
  }
}
