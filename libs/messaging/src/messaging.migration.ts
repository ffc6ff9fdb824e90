import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox and inbox tables, created in the schema of whichever service runs this migration. */
export class CreateMessagingTables1763712000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763712000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."outbox" (
      "id" bigserial PRIMARY KEY,
      "message_id" uuid NOT NULL UNIQUE,
      "topic" text NOT NULL,
      "key" text NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}',
      "envelope" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "created_xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
      "sent_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "outbox_unsent_idx" ON "${s}"."outbox" ("id") WHERE "sent_at" IS NULL`);
    await q.query(`CREATE TABLE "${s}"."inbox" (
      "message_id" uuid PRIMARY KEY,
      "topic" text NOT NULL,
      "partition" int NOT NULL,
      "offset" bigint NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}"."inbox"`);
    await q.query(`DROP TABLE "${s}"."outbox"`);
  }
}

function schemaOf(q: QueryRunner): string {
  const schema = (q.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('messaging tables need a data source with a schema');
  return schema;
}
