import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { type AdvancedFeeQueryDto, money } from '@swx/contracts';

import type { ReadScope } from '../internal/internal-call.guard';
import { decodeCursor, encodeCursor } from '../internal/page-cursor';

export interface AdvancedFeeView {
  enterpriseCode: string;
  reference: string;
  customerCode: string;
  kind: string;
  amount: string;
  currency: string;
  evidence: string[];
  advancedAt: string;
}

/** What was advanced for one customer in one currency, over every advance the filter selects (not one page). */
export interface AdvancedFeeTotal {
  customerCode: string;
  currency: string;
  count: number;
  amount: string;
}

interface Row {
  enterprise_code: string;
  reference: string;
  customer_code: string;
  kind: string;
  amount: string;
  currency: string;
  evidence: string[];
  advanced_at: Date;
}

/** The time advances are paged by, at the millisecond a cursor carries (microseconds would repeat a row). */
const AT = `date_trunc('milliseconds', advanced_at)`;

const cursorOf = (r: Row): string =>
  encodeCursor([new Date(r.advanced_at).toISOString(), r.enterprise_code, r.reference]);

/**
 * Fees advanced for customers (代垫), as recorded against the customer: SAFE and operators read all, a bank the
 * advances made by or for the enterprises that named it, an enterprise those it made and those made for it.
 */
@Injectable()
export class AdvancedFeeQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    scope: ReadScope,
    q: AdvancedFeeQueryDto,
  ): Promise<{ items: AdvancedFeeView[]; totals: AdvancedFeeTotal[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const where: string[] = ['true'];
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    if (!scope.all) {
      const codes = p(scope.enterpriseCodes);
      where.push(`(enterprise_code = ANY(${codes}) OR customer_code = ANY(${codes}))`);
    }
    if (q.enterpriseCode) where.push(`enterprise_code = ${p(q.enterpriseCode)}`);
    if (q.customerCode) where.push(`customer_code = ${p(q.customerCode)}`);
    const filter = where.join(' AND ');
    const filterParams = [...params];
    const cursor = q.cursor ? decodeCursor(q.cursor, 3) : undefined;
    const after = cursor
      ? ` AND (${AT}, enterprise_code, reference) > (${p(new Date(cursor[0]))}, ${p(cursor[1])}, ${p(cursor[2])})`
      : '';
    const rows: Row[] = await this.dataSource.query(
      `SELECT enterprise_code, reference, customer_code, kind, amount::text, currency, evidence, ${AT} AS advanced_at
         FROM "forex"."advanced_fee" WHERE ${filter}${after}
        ORDER BY ${AT}, enterprise_code, reference LIMIT ${p(limit + 1)}`,
      params,
    );
    const totals: { customer_code: string; currency: string; count: number; amount: string }[] =
      await this.dataSource.query(
        `SELECT customer_code, currency, count(*)::int AS count, sum(amount)::text AS amount
           FROM "forex"."advanced_fee" WHERE ${filter}
          GROUP BY customer_code, currency ORDER BY customer_code, currency`,
        filterParams,
      );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        enterpriseCode: r.enterprise_code,
        reference: r.reference,
        customerCode: r.customer_code,
        kind: r.kind,
        amount: money(r.amount),
        currency: r.currency,
        evidence: r.evidence,
        advancedAt: new Date(r.advanced_at).toISOString(),
      })),
      totals: totals.map((t) => ({
        customerCode: t.customer_code,
        currency: t.currency,
        count: t.count,
        amount: money(t.amount),
      })),
      nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null,
    };
  }
}
