import { EntityManager } from 'typeorm';

import type { CebMessageType, EnterpriseRole } from '@swx/contracts';

/** A document of the export flow as customs stored it. */
export interface StoredExportDocument<T> {
  messageId: string;
  type: CebMessageType;
  identity: string;
  appType: string;
  correlationId: string;
  document: T;
}

export interface NewExportDocument {
  messageId: string;
  type: CebMessageType;
  identity: string;
  orderKey?: string;
  waybillKey?: string;
  appType: string;
  appTime: string;
  senderCode: string;
  correlationId: string;
  document: object;
  receivedAt: string;
}

/**
 * Clearance of a case's list: `released`, `arrived` and `closed` lists no longer change with their documents; a
 * `cancelled` list (CEB605) neither: it is withdrawn for good, and the order needs a new declaration. A list under
 * `inspection` (500, chosen on credit grounds) waits for the officer's result: released, or `detained`.
 */
export type Clearance =
  | 'pending'
  | 'refused'
  | 'full-declaration'
  | 'inspection'
  | 'detained'
  | 'released'
  | 'arrived'
  | 'closed'
  | 'cancelled';
export const RELEASED: readonly Clearance[] = ['released', 'arrived', 'closed'];
export const SETTLED: readonly Clearance[] = [...RELEASED, 'cancelled', 'inspection', 'detained'];

export interface CaseRow {
  case_key: string;
  order_no: string;
  waybill_key: string | null;
  outcome: string;
  decision: string | null;
  list_status: string | null;
  clearance: Clearance;
  invt_no: string | null;
  list_message_id: string | null;
}

export const CASE_COLUMNS = `case_key, order_no, waybill_key, outcome, decision, list_status, clearance, invt_no,
  list_message_id`;

/** Serialises every change of one case (or one waybill) across instances, until the transaction ends. */
export async function lock(manager: EntityManager, key: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(7603, hashtext($1))`, [key]);
}

export const orderLock = (orderKey: string): string => `o:${orderKey}`;
export const waybillLock = (waybillKey: string): string => `w:${waybillKey}`;
/** A master bill (CEB607) and the departures under its bill number. */
export const billLock = (logisticsCode: string, billNo: string): string => `b:${logisticsCode}:${billNo}`;

export async function insertDocument(manager: EntityManager, d: NewExportDocument): Promise<void> {
  await manager.query(
    `INSERT INTO "customs"."export_document" (message_id, document_type, identity, order_key, waybill_key, app_type,
       app_time, sender_code, correlation_id, document, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (message_id) DO NOTHING`,
    [
      d.messageId,
      d.type,
      d.identity,
      d.orderKey ?? null,
      d.waybillKey ?? null,
      d.appType,
      d.appTime,
      d.senderCode,
      d.correlationId,
      JSON.stringify(d.document),
      d.receivedAt,
    ],
  );
}

/**
 * Records a document that acts on a case rather than joining one (cancel, return, tally); false when this
 * message was recorded before (a redelivery), so its effects are not applied twice.
 */
export async function recordDocument(manager: EntityManager, d: NewExportDocument): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO "customs"."export_document" (message_id, document_type, identity, order_key, waybill_key, app_type,
       app_time, sender_code, correlation_id, document, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
    [
      d.messageId,
      d.type,
      d.identity,
      d.orderKey ?? null,
      d.waybillKey ?? null,
      d.appType,
      d.appTime,
      d.senderCode,
      d.correlationId,
      JSON.stringify(d.document),
      d.receivedAt,
    ],
  );
  return rows.length > 0;
}

/** The case whose released list customs numbered `invtNo`. */
export async function caseKeyOfList(manager: EntityManager, invtNo: string): Promise<string | undefined> {
  const rows: { case_key: string }[] = await manager.query(
    `SELECT case_key FROM "customs"."export_case" WHERE invt_no = $1`,
    [invtNo],
  );
  return rows[0]?.case_key;
}

/** A stored document by its gateway message id. */
export async function documentById<T>(
  manager: EntityManager,
  messageId: string,
): Promise<StoredExportDocument<T> | undefined> {
  const rows: DocumentRow[] = await manager.query(
    `SELECT message_id, document_type, identity, app_type, correlation_id, document
       FROM "customs"."export_document" WHERE message_id = $1`,
    [messageId],
  );
  const row = rows[0];
  return row
    ? {
        messageId: row.message_id,
        type: row.document_type,
        identity: row.identity,
        appType: row.app_type,
        correlationId: row.correlation_id,
        document: row.document as T,
      }
    : undefined;
}

interface DocumentRow {
  message_id: string;
  document_type: CebMessageType;
  identity: string;
  app_type: string;
  correlation_id: string;
  document: object;
}

/**
 * The current version of a document type for a join key: the latest `appTime` (then the latest arrival). A
 * deletion (appType 3) as the latest version means there is none.
 */
export async function currentDocument<T>(
  manager: EntityManager,
  type: CebMessageType,
  column: 'order_key' | 'waybill_key',
  key: string,
): Promise<StoredExportDocument<T> | undefined> {
  const rows: DocumentRow[] = await manager.query(
    `SELECT message_id, document_type, identity, app_type, correlation_id, document
       FROM "customs"."export_document" WHERE document_type = $1 AND ${column} = $2
      ORDER BY app_time DESC, received_at DESC, recorded_at DESC LIMIT 1`,
    [type, key],
  );
  const row = rows[0];
  if (!row || row.app_type === '3') return undefined;
  return {
    messageId: row.message_id,
    type: row.document_type,
    identity: row.identity,
    appType: row.app_type,
    correlationId: row.correlation_id,
    document: row.document as T,
  };
}

/** Order keys of the lists that name a waybill. */
export async function casesOfWaybill(manager: EntityManager, waybillKey: string): Promise<string[]> {
  const rows: { order_key: string }[] = await manager.query(
    `SELECT DISTINCT order_key FROM "customs"."export_document"
      WHERE document_type = 'CEB603' AND waybill_key = $1 ORDER BY order_key`,
    [waybillKey],
  );
  return rows.map((r) => r.order_key);
}

/** Roles of the active registered enterprises among `codes`. */
export async function registeredRoles(
  manager: EntityManager,
  codes: string[],
): Promise<Map<string, EnterpriseRole[]>> {
  const rows: { customs_code: string; roles: EnterpriseRole[] }[] = await manager.query(
    `SELECT customs_code, roles FROM "customs"."enterprise" WHERE customs_code = ANY($1) AND status = 'active'`,
    [codes],
  );
  return new Map(rows.map((r) => [r.customs_code, r.roles]));
}

/** YYYY of a date in China time, for the numbers customs assigns. */
export const chinaYear = (at: Date = new Date()): string =>
  String(new Date(at.getTime() + 8 * 3600_000).getUTCFullYear());

/** `YYYYMMDDhhmmss` in China time (the CEB time fields) as an instant. */
export const fromChinaTime = (value: string): Date =>
  new Date(
    `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(8, 10)}:${value.slice(10, 12)}:${value.slice(12, 14)}+08:00`,
  );

export async function nextNumber(manager: EntityManager, sequence: 'export_invt_seq' | 'export_sum_seq') {
  const rows: { n: string }[] = await manager.query(`SELECT nextval('"customs"."${sequence}"')::text AS n`);
  return rows[0].n.padStart(9, '0');
}
