import {
  EXPORT_DESCRIPTORS,
  IMPORT_DESCRIPTORS,
  maskPersonValue,
  PERSON_TOKENS,
  setValueAt,
  valueAt,
  type PersonField,
} from '@swx/contracts';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The person fields of every document type that has some, by message type (`CEB311`...). */
const PERSON_FIELDS = new Map<string, PersonField[]>(
  [...IMPORT_DESCRIPTORS, ...EXPORT_DESCRIPTORS]
    .filter((d) => d.personFields.length > 0)
    .map((d) => [d.messageType as string, d.personFields]),
);

/**
 * Masks, in place, the clear person values a document of `type` still holds (a value that is no token list:
 * customs stored it from a v1 topic, before the gateway tokenised at intake). Returns whether anything changed.
 * The masked value is the display value the gateway publishes beside a token, so what people read stays the
 * same; tokens are left alone.
 */
export function scrubClearPersonValues(type: string, document: object | null | undefined): boolean {
  if (!document) return false;
  let changed = false;
  for (const field of PERSON_FIELDS.get(type) ?? []) {
    const value = valueAt(document, field.path);
    if (typeof value !== 'string' || value === '' || PERSON_TOKENS.test(value)) continue;
    const masked = maskPersonValue(field.kind, value);
    if (masked === value) continue;
    setValueAt(document, field.path, masked);
    changed = true;
  }
  return changed;
}

const BATCH = 500;

/**
 * Personal data in customs (issue 12, docs/personal-data.md "Upgrading"): documents customs stored before the
 * gateway tokenised person fields at intake keep the clear ID numbers, phone numbers, names and addresses the
 * v1 topics carried. Customs cannot compute tokens (only the gateway holds the key), so it masks them in place:
 * afterwards customs holds only tokens and masked values. Cases of such documents that are still open compare a
 * masked value with a token and are refused (1327/1328/13127), as a clear value was before; their senders
 * declare again. On a platform installed with tokenisation this finds nothing.
 */
export class ScrubClearPersonData1763712003200 implements MigrationInterface {
  name = 'ScrubClearPersonData1763712003200';

  async up(q: QueryRunner): Promise<void> {
    const types = [...PERSON_FIELDS.keys()];
    for (const table of ['declared_document', 'export_document'] as const) {
      for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
        const rows = (await q.query(
          `SELECT message_id, document_type, document FROM "customs"."${table}"
           WHERE document_type = ANY($1) AND message_id > $2 ORDER BY message_id LIMIT ${BATCH}`,
          [types, after],
        )) as { message_id: string; document_type: string; document: object }[];
        const scrubbed = rows.filter((row) => scrubClearPersonValues(row.document_type, row.document));
        if (scrubbed.length > 0)
          await q.query(
            `UPDATE "customs"."${table}" t SET document = c.document
               FROM jsonb_to_recordset($1::jsonb) AS c(message_id uuid, document jsonb)
              WHERE t.message_id = c.message_id`,
            [JSON.stringify(scrubbed.map(({ message_id, document }) => ({ message_id, document })))],
          );
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1].message_id;
      }
    }
    for (let after = ''; ;) {
      const rows = (await q.query(
        `SELECT order_no, slots FROM "customs"."import_case" WHERE order_no > $1 ORDER BY order_no LIMIT ${BATCH}`,
        [after],
      )) as { order_no: string; slots: Record<string, { document?: object | null }> }[];
      // Every slot is scrubbed (map, not some: a scrubbed slot must not stop the others).
      const scrubbed = rows.filter((row) =>
        Object.entries(row.slots)
          .map(([slot, version]) => scrubClearPersonValues(slot, version?.document))
          .includes(true),
      );
      if (scrubbed.length > 0)
        await q.query(
          `UPDATE "customs"."import_case" t SET slots = c.slots
             FROM jsonb_to_recordset($1::jsonb) AS c(order_no varchar, slots jsonb)
            WHERE t.order_no = c.order_no`,
          [JSON.stringify(scrubbed.map(({ order_no, slots }) => ({ order_no, slots })))],
        );
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].order_no;
    }
  }

  async down(): Promise<void> {
    // Masking cannot be undone: the clear values are gone, as intended.
  }
}
