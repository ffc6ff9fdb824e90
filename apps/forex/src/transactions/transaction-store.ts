import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { ForexTransactionRecorded, FxFlow } from '@swx/contracts';

import type { RecordBalance } from '../settlements/reconcile';
import type { Assessment, TransactionFacts } from './authenticity';

export interface TransactionRow {
  transaction_id: string;
  flow: FxFlow;
  ebp_code: string;
  order_no: string;
  enterprise_code: string | null;
  enterprise_name: string | null;
  order_message_id: string | null;
  order_amount: string | null;
  order_freight: string | null;
  order_currency: string | null;
  receipt_message_id: string | null;
  receipt_amount: string | null;
  receipt_currency: string | null;
  payer_name: string | null;
  pay_no: string | null;
  list_message_id: string | null;
  list_amount: string | null;
  list_currency: string | null;
  list_lines: Record<string, string> | null;
  trade_mode: string | null;
  country: string | null;
  list_cop_no: string | null;
  logistics_no: string | null;
  invt_no: string | null;
  departure_cop_no: string | null;
  departed_at: Date | null;
  currency: string | null;
  declared_amount: string | null;
  reversed_amount: string;
  settled_amount: string;
  converted_amount: string;
  fees_amount: string;
  authenticity: 'verified' | 'unverified' | 'reversed' | null;
  reasons: string[];
  recorded_at: Date | null;
  version: number;
  updated_at: Date;
}

/** The columns one document sets on its transaction. */
export type DocumentPart = Partial<
  Omit<TransactionRow, 'transaction_id' | 'flow' | 'ebp_code' | 'order_no' | 'version' | 'reasons'>
>;

export const transactionIdOf = (flow: FxFlow, ebpCode: string, orderNo: string): string =>
  `${flow}:${ebpCode}:${orderNo}`;

/** The SQL of transaction records: documents merged in, the assessment written back, pages read. */
@Injectable()
export class TransactionStore {
  /** Creates the record if missing and sets the columns a document brings (the first document wins a column). */
  async merge(
    manager: EntityManager,
    flow: FxFlow,
    ebpCode: string,
    orderNo: string,
    part: DocumentPart,
  ): Promise<string> {
    const id = transactionIdOf(flow, ebpCode, orderNo);
    const columns = Object.keys(part);
    const values = Object.values(part).map((v) =>
      v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v,
    );
    const sets = columns.map((c, i) => `"${c}" = COALESCE(t."${c}", $${i + 5})`).join(', ');
    const insertColumns = ['transaction_id', 'flow', 'ebp_code', 'order_no', ...columns].map((c) => `"${c}"`);
    const placeholders = insertColumns.map((_, i) => `$${i + 1}`);
    await manager.query(
      `INSERT INTO "forex"."fx_transaction" AS t (${insertColumns.join(', ')})
       VALUES (${placeholders.join(', ')})
       ON CONFLICT (transaction_id) DO ${columns.length ? `UPDATE SET ${sets}` : 'NOTHING'}`,
      [id, flow, ebpCode, orderNo, ...values],
    );
    return id;
  }

  async lock(manager: EntityManager, transactionId: string): Promise<TransactionRow | undefined> {
    const rows: TransactionRow[] = await manager.query(
      `SELECT * FROM "forex"."fx_transaction" WHERE transaction_id = $1 FOR UPDATE`,
      [transactionId],
    );
    return rows[0];
  }

  async lockMany(manager: EntityManager, ids: string[]): Promise<TransactionRow[]> {
    return manager.query(
      `SELECT * FROM "forex"."fx_transaction" WHERE transaction_id = ANY($1) ORDER BY transaction_id FOR UPDATE`,
      [ids],
    );
  }

  /** Transactions whose list is `listMessageId` (clearance events name the list). */
  async idsByList(manager: EntityManager, listMessageId: string): Promise<string[]> {
    const rows: { transaction_id: string }[] = await manager.query(
      `SELECT transaction_id FROM "forex"."fx_transaction" WHERE list_message_id = $1`,
      [listMessageId],
    );
    return rows.map((r) => r.transaction_id);
  }

  async idsByLogisticsNo(manager: EntityManager, logisticsNos: string[]): Promise<string[]> {
    const rows: { transaction_id: string }[] = await manager.query(
      `SELECT transaction_id FROM "forex"."fx_transaction" WHERE flow = 'export' AND logistics_no = ANY($1)`,
      [logisticsNos],
    );
    return rows.map((r) => r.transaction_id);
  }

  async idsByInvtNo(manager: EntityManager, invtNo: string): Promise<string[]> {
    const rows: { transaction_id: string }[] = await manager.query(
      `SELECT transaction_id FROM "forex"."fx_transaction" WHERE invt_no = $1`,
      [invtNo],
    );
    return rows.map((r) => r.transaction_id);
  }

  /** Everything the assessment reads about a locked row: its list's clearance, the departure, returns. */
  async factsOf(manager: EntityManager, row: TransactionRow): Promise<TransactionFacts> {
    const [clearance]: {
      released_at: Date | null;
      closed_at: Date | null;
      cancelled_at: Date | null;
      returned_at: Date | null;
    }[] = row.list_message_id
      ? await manager.query(`SELECT * FROM "forex"."list_clearance" WHERE list_message_id = $1`, [
          row.list_message_id,
        ])
      : [];
    const [departure]: { cop_no: string; leave_time: Date }[] =
      row.flow === 'export' && row.logistics_no
        ? await manager.query(
            `SELECT cop_no, leave_time FROM "forex"."export_departure" WHERE logistics_no = $1`,
            [row.logistics_no],
          )
        : [];
    const returns: { lines: { gnum: number; qty: string }[] }[] = await manager.query(
      row.flow === 'export'
        ? `SELECT lines FROM "forex"."fx_return" WHERE flow = 'export' AND invt_no = $1 AND ebp_code = $2`
        : `SELECT lines FROM "forex"."fx_return" WHERE flow = 'import' AND order_no = $1 AND ebp_code = $2`,
      [row.flow === 'export' ? (row.invt_no ?? '') : row.order_no, row.ebp_code],
    );
    return {
      flow: row.flow,
      orderNo: row.order_no,
      ...(row.order_amount !== null && {
        order: {
          amount: row.order_amount,
          freight: row.order_freight ?? '0',
          currency: row.order_currency ?? '',
        },
      }),
      ...(row.receipt_amount !== null && {
        receipt: { amount: row.receipt_amount, currency: row.receipt_currency ?? '' },
      }),
      ...(row.list_amount !== null && {
        list: { amount: row.list_amount, currency: row.list_currency ?? '', prices: row.list_lines ?? {} },
      }),
      ...(clearance && {
        clearance: {
          ...(clearance.released_at && { releasedAt: clearance.released_at }),
          ...(clearance.closed_at && { closedAt: clearance.closed_at }),
          ...(clearance.cancelled_at && { cancelledAt: clearance.cancelled_at }),
          ...(clearance.returned_at && { returnedAt: clearance.returned_at }),
        },
      }),
      ...(departure && { departure: { copNo: departure.cop_no, leftAt: departure.leave_time } }),
      returns: returns.map((r) => r.lines),
    };
  }

  /** Writes an assessment; returns the new row when it changed something a bank sees. */
  async writeAssessment(
    manager: EntityManager,
    row: TransactionRow,
    a: Assessment,
    departure: TransactionFacts['departure'],
  ): Promise<TransactionRow | undefined> {
    const recorded = row.recorded_at !== null || a.recordable;
    const same =
      row.authenticity === a.authenticity &&
      JSON.stringify(row.reasons) === JSON.stringify(a.reasons) &&
      row.currency === (a.currency ?? null) &&
      (row.declared_amount ?? '0.00') === (a.declaredAmount ?? '0.00') &&
      row.reversed_amount === a.reversedAmount &&
      (row.recorded_at !== null) === recorded &&
      row.departure_cop_no === (departure?.copNo ?? null);
    if (same) return undefined;
    const rows: TransactionRow[][] = await manager.query(
      `UPDATE "forex"."fx_transaction" SET authenticity = $2, reasons = $3, currency = $4, declared_amount = $5,
              reversed_amount = $6, recorded_at = CASE WHEN $7::boolean THEN COALESCE(recorded_at, date_trunc('milliseconds', clock_timestamp())) END,
              departure_cop_no = $8, departed_at = $9,
              version = version + CASE WHEN $7::boolean THEN 1 ELSE 0 END, updated_at = now()
        WHERE transaction_id = $1 RETURNING *`,
      [
        row.transaction_id,
        a.authenticity,
        a.reasons,
        a.currency ?? null,
        a.declaredAmount ?? null,
        a.reversedAmount,
        recorded,
        departure?.copNo ?? null,
        departure?.leftAt ?? null,
      ],
    );
    const updated = rows[0][0];
    return updated.recorded_at ? updated : undefined;
  }

  /** Bumps the version after a settlement or fee changed the balances; returns the row. */
  async writeBalance(manager: EntityManager, b: RecordBalance): Promise<TransactionRow> {
    const rows: TransactionRow[][] = await manager.query(
      `UPDATE "forex"."fx_transaction" SET settled_amount = $2, converted_amount = $3, fees_amount = $4,
              version = version + 1, updated_at = now()
        WHERE transaction_id = $1 RETURNING *`,
      [b.transactionId, b.settled, b.converted, b.fees],
    );
    return rows[0][0];
  }
}

export const balanceOf = (row: TransactionRow): RecordBalance => ({
  transactionId: row.transaction_id,
  flow: row.flow,
  enterpriseCode: row.enterprise_code ?? '',
  currency: row.currency ?? '',
  authenticity: row.authenticity ?? 'unverified',
  declared: row.declared_amount ?? '0',
  reversed: row.reversed_amount,
  settled: row.settled_amount,
  converted: row.converted_amount,
  fees: row.fees_amount,
});

/** The event a recorded row publishes. */
export function recordedEvent(row: TransactionRow, remainingAmount: string): ForexTransactionRecorded {
  return {
    transactionId: row.transaction_id,
    version: Math.max(1, row.version),
    flow: row.flow,
    enterpriseCode: row.enterprise_code ?? '',
    orderNo: row.order_no,
    currency: row.currency ?? 'CNY',
    declaredAmount: row.declared_amount ?? '0.00',
    reversedAmount: row.reversed_amount,
    settledAmount: row.settled_amount,
    feesAmount: row.fees_amount,
    remainingAmount,
    authenticity: row.authenticity ?? 'unverified',
    authenticityReasons: row.reasons,
    ...(row.trade_mode ? { tradeMode: row.trade_mode } : {}),
    ...(row.enterprise_name ? { enterpriseName: row.enterprise_name } : {}),
    ...(row.country ? { country: row.country } : {}),
    ...(row.payer_name ? { payerName: row.payer_name } : {}),
    ...(row.pay_no ? { payNo: row.pay_no } : {}),
    ...(row.list_cop_no ? { listCopNo: row.list_cop_no } : {}),
    ...(row.invt_no ? { invtNo: row.invt_no } : {}),
    ...(row.logistics_no ? { logisticsNo: row.logistics_no } : {}),
    ...(row.departure_cop_no ? { departureCopNo: row.departure_cop_no } : {}),
    ...(row.departed_at ? { departedAt: new Date(row.departed_at).toISOString() } : {}),
    occurredAt: new Date(row.updated_at).toISOString(),
  };
}
