import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStatisticsTables1763712004000 implements MigrationInterface {
  name = 'CreateStatisticsTables1763712004000';

  async up(q: QueryRunner): Promise<void> {
    // One row per inventory list (by its business identity), filled by the list, customs' clearance events and
    // export summaries in whatever order they come; `counted` is exactly what the list adds to the aggregates now.
    await q.query(`CREATE TABLE "statistics"."list_fact" (
      "list_key" varchar(140) PRIMARY KEY,
      "flow" varchar(6) NOT NULL,
      "facts" jsonb,
      "app_time" varchar(14),
      "trade_mode" varchar(4),
      "ebp_code" varchar(18),
      "ebc_code" varchar(18),
      "agent_code" varchar(18),
      "logistics_code" varchar(18),
      "released_at" timestamptz,
      "release_day" date,
      "departed" boolean NOT NULL DEFAULT false,
      "reversed" boolean NOT NULL DEFAULT false,
      "counted" jsonb NOT NULL DEFAULT '[]'
    )`);
    await q.query(
      `CREATE INDEX "list_fact_release" ON "statistics"."list_fact" ("release_day") WHERE "release_day" IS NOT NULL`,
    );
    // Every gateway message id a list was declared or released under: export summaries name lists by message id.
    await q.query(`CREATE TABLE "statistics"."list_message" (
      "message_id" uuid PRIMARY KEY,
      "list_key" varchar(140) NOT NULL
    )`);
    await q.query(`CREATE INDEX "list_message_list" ON "statistics"."list_message" ("list_key")`);
    await q.query(`CREATE TABLE "statistics"."list_summary" (
      "message_id" uuid PRIMARY KEY,
      "sum_no" varchar(20) NOT NULL,
      "decided_at" timestamptz NOT NULL
    )`);
    // The aggregates: counts and values per stage, direction, release day (China time), trade mode, business type,
    // dimension key and currency (customs code); converted to CNY when read.
    await q.query(`CREATE TABLE "statistics"."volume" (
      "stage" varchar(12) NOT NULL,
      "direction" varchar(6) NOT NULL,
      "day" date NOT NULL,
      "trade_mode" varchar(4) NOT NULL,
      "business_type" varchar(6) NOT NULL,
      "dimension" varchar(12) NOT NULL,
      "key" varchar(40) NOT NULL,
      "currency" varchar(3) NOT NULL,
      "count" bigint NOT NULL,
      "value" numeric(24, 5) NOT NULL,
      PRIMARY KEY ("dimension", "stage", "day", "direction", "trade_mode", "business_type", "key", "currency")
    )`);
    // Forex's rate table, the latest version of each day (US$ per unit, ISO 4217).
    await q.query(`CREATE TABLE "statistics"."exchange_rate" (
      "date" date NOT NULL,
      "currency" varchar(3) NOT NULL,
      "version" int NOT NULL,
      "usd_per_unit" numeric(30, 10) NOT NULL,
      PRIMARY KEY ("currency", "date")
    )`);
    // The registry as statistics needs it: name, roles and district/park of each enterprise (no contacts, no ids).
    await q.query(`CREATE TABLE "statistics"."enterprise" (
      "customs_code" varchar(18) PRIMARY KEY,
      "name" varchar(100) NOT NULL,
      "district" varchar(60),
      "version" int NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['enterprise', 'exchange_rate', 'volume', 'list_summary', 'list_message', 'list_fact'])
      await q.query(`DROP TABLE "statistics"."${t}"`);
  }
}
