import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { type TransactionQueryDto, money } from '@swx/contracts';

import type { ReadScope } from '../internal/internal-call.guard';
import { decodeCursor, encodeCursor } from '../internal/page-cursor';
import { remaining } from '../settlements/reconcile';
import { balanceOf, type TransactionRow } from './transaction-store';

export interface TransactionView {
  transactionId: string;
  version: number;
  flow: 'export' | 'import';
  enterpriseCode: string;
  enterpriseName: string | null;
  ebpCode: string;
  orderNo: string;
  payerName: string | null;
  payNo: string | null;
  country: string | null;
  tradeMode: string | null;
  currency: string | null;
  declaredAmount: string;
  reversedAmount: string;
  settledAmount: string;
  convertedAmount: string;
  feesAmount: string;
  remainingAmount: string;
  listCopNo: string | null;
  invtNo: string | null;
  logisticsNo: string | null;
  departureCopNo: string | null;
  departedAt: string | null;
  documents: { order: string | null; receipt: string | null; list: string | null };
  authenticity: string;
  authenticityReasons: string[];
  recordedAt: string;
}

export const viewOf = (r: TransactionRow): TransactionView => ({
  transactionId: r.transaction_id,
  version: r.version,
  flow: r.flow,
  enterpriseCode: r.enterprise_code ?? '',
  enterpriseName: r.enterprise_name,
  ebpCode: r.ebp_code,
  orderNo: r.order_no,
  payerName: r.payer_name,
  payNo: r.pay_no,
  country: r.country,
  tradeMode: r.trade_mode,
  currency: r.currency,
  declaredAmount: money(r.declared_amount ?? 0),
  reversedAmount: money(r.reversed_amount),
  settledAmount: money(r.settled_amount),
  convertedAmount: money(r.converted_amount),
  feesAmount: money(r.fees_amount),
  remainingAmount: money(remaining(balanceOf(r))),
  listCopNo: r.list_cop_no,
  invtNo: r.invt_no,
  logisticsNo: r.logistics_no,
  departureCopNo: r.departure_cop_no,
  departedAt: r.departed_at ? new Date(r.departed_at).toISOString() : null,
  documents: { order: r.order_message_id, receipt: r.receipt_message_id, list: r.list_message_id },
  authenticity: r.authenticity ?? 'unverified',
  authenticityReasons: r.reasons,
  recordedAt: new Date(r.recorded_at!).toISOString(),
});

const cursorOf = (r: TransactionRow): string =>
  encodeCursor([new Date(r.recorded_at!).toISOString(), r.transaction_id]);

/** Pages of recorded transaction e-information in recording order, within what the caller may read. */
@Injectable()
export class TransactionQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    scope: ReadScope,
    q: TransactionQueryDto,
  ): Promise<{ items: TransactionView[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const where: string[] = ['recorded_at IS NOT NULL'];
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (!scope.all) where.push(`enterprise_code = ANY(${p(scope.enterpriseCodes)})`);
    if (q.flow) where.push(`flow = ${p(q.flow)}`);
    if (q.enterpriseCode) where.push(`enterprise_code = ${p(q.enterpriseCode)}`);
    if (q.authenticity) where.push(`authenticity = ${p(q.authenticity)}`);
    if (q.transactionId) where.push(`transaction_id = ${p(q.transactionId)}`);
    if (q.recordedFrom) where.push(`recorded_at >= ${p(new Date(q.recordedFrom))}`);
    if (q.unsettled === 'true')
      where.push(`GREATEST(declared_amount - reversed_amount, 0) - settled_amount - fees_amount > 0`);
    if (q.unsettled === 'false')
      where.push(`GREATEST(declared_amount - reversed_amount, 0) - settled_amount - fees_amount <= 0`);
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, 2);
      where.push(`(recorded_at, transaction_id) > (${p(new Date(at))}, ${p(id)})`);
    }
    const rows: TransactionRow[] = await this.dataSource.query(
      `SELECT * FROM "forex"."fx_transaction" WHERE ${where.join(' AND ')}
        ORDER BY recorded_at, transaction_id LIMIT ${p(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map(viewOf),
      nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null,
    };
  }
}
