import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { B2bVerificationQueryDto } from '@swx/contracts';
import type { Caller } from '@swx/platform';

import {
  type Mismatch,
  type OrderFacts,
  type ReceiptFacts,
  verifyB2b,
  type WaybillFacts,
} from '../b2b/verification';
import type { ListFacts } from '../volumes/facts';
import { toCsv } from './csv';
import { assertStatisticsReader, VolumeQueries } from './volume-queries';

/** At most this many lists in one answer (`truncated` says when there were more): narrow the period. */
export const B2B_MAX_ITEMS = 5000;

export interface B2bItem {
  listIdentity: string;
  orderNo: string;
  ebpCode: string;
  ebcCode: string;
  tradeMode: string;
  releaseDay: string;
  status: 'matched' | 'mismatched';
  order: boolean;
  payment: boolean;
  waybill: boolean;
  mismatches: Mismatch[];
}

export interface B2bReport {
  from: string;
  to: string;
  summary: { lists: number; matched: number; mismatched: number; byRule: Record<string, number> };
  items: B2bItem[];
  truncated: boolean;
}

interface Row {
  list_key: string;
  facts: ListFacts;
  release_day: string;
  order_facts: OrderFacts | null;
  receipt_facts: ReceiptFacts | null;
  waybill_facts: WaybillFacts | null;
}

/** B2B statistical verification (S9) of released 9710/9810 export lists, computed from what statistics keeps. */
@Injectable()
export class B2bQueries {
  constructor(
    private readonly db: DataSource,
    private readonly volumes: VolumeQueries,
  ) {}

  async verification(caller: Caller, q: B2bVerificationQueryDto): Promise<B2bReport> {
    assertStatisticsReader(caller);
    const { from, to } = this.volumes.filterOf(q);
    const rows: Row[] = await this.db.query(
      `SELECT f.list_key, f.facts, to_char(f.release_day, 'YYYY-MM-DD') AS release_day,
              o.facts AS order_facts, r.facts AS receipt_facts, w.facts AS waybill_facts
         FROM "statistics"."list_fact" f
         LEFT JOIN "statistics"."b2b_document" o
                ON o.kind = 'order' AND o.doc_key = (f.facts->>'ebpCode') || ':' || (f.facts->>'orderNo')
         LEFT JOIN "statistics"."b2b_document" r
                ON r.kind = 'receipt' AND r.doc_key = (f.facts->>'ebpCode') || ':' || (f.facts->>'orderNo')
         LEFT JOIN "statistics"."b2b_document" w
                ON w.kind = 'waybill' AND w.doc_key = (f.facts->>'logisticsCode') || ':' || (f.facts->>'logisticsNo')
        WHERE f.flow = 'export' AND f.trade_mode IN ('9710', '9810') AND f.facts IS NOT NULL AND NOT f.reversed
          AND f.release_day BETWEEN $1::date AND $2::date
          AND ($3::text IS NULL OR f.trade_mode = $3) AND ($4::text IS NULL OR f.ebc_code = $4)
        ORDER BY f.release_day, f.list_key
        LIMIT ${B2B_MAX_ITEMS + 1}`,
      [from, to, q.tradeMode ?? null, q.seller ?? null],
    );
    const truncated = rows.length > B2B_MAX_ITEMS;
    const all = rows.slice(0, B2B_MAX_ITEMS).map((r): B2bItem => {
      const mismatches = verifyB2b(r.facts, r.order_facts, r.receipt_facts, r.waybill_facts);
      return {
        listIdentity: r.facts.identity,
        orderNo: r.facts.orderNo,
        ebpCode: r.facts.ebpCode,
        ebcCode: r.facts.ebcCode,
        tradeMode: r.facts.tradeMode,
        releaseDay: r.release_day,
        status: mismatches.length === 0 ? 'matched' : 'mismatched',
        order: r.order_facts !== null,
        payment: r.receipt_facts !== null,
        waybill: r.waybill_facts !== null,
        mismatches,
      };
    });
    const byRule: Record<string, number> = {};
    for (const item of all) for (const m of item.mismatches) byRule[m.rule] = (byRule[m.rule] ?? 0) + 1;
    const matched = all.filter((i) => i.status === 'matched').length;
    return {
      from,
      to,
      summary: { lists: all.length, matched, mismatched: all.length - matched, byRule },
      items: q.status ? all.filter((i) => i.status === q.status) : all,
      truncated,
    };
  }

  csv(report: B2bReport): string {
    return toCsv(
      [
        'listIdentity',
        'orderNo',
        'ebpCode',
        'ebcCode',
        'tradeMode',
        'releaseDay',
        'status',
        'order',
        'payment',
        'waybill',
        'mismatches',
      ],
      report.items.map((i) => [
        i.listIdentity,
        i.orderNo,
        i.ebpCode,
        i.ebcCode,
        i.tradeMode,
        i.releaseDay,
        i.status,
        String(i.order),
        String(i.payment),
        String(i.waybill),
        i.mismatches.map((m) => m.rule).join(' '),
      ]),
    );
  }
}
