import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CEB_TO_ISO, dec, type IncentivesQueryDto, money } from '@swx/contracts';
import type { Caller } from '@swx/platform';

import { toCsv } from './csv';
import { assertStatisticsReader } from './volume-queries';

/** 年度出口在 5 万美元及以上（海关统计 9610 项下）: the incentive threshold in US$. */
export const INCENTIVE_THRESHOLD_USD = '50000';

export interface SellerIncentive {
  enterpriseCode: string;
  name: string;
  lists: number;
  exports9610Usd: string;
  previousYearUsd: string;
  /** (this year − last year) ÷ last year, in percent with 2 places; null without exports last year. */
  growthPercent: string | null;
  eligible: boolean;
}

export interface ServiceFirm {
  enterpriseCode: string;
  name: string;
  role: 'agent' | 'logistics' | 'platform';
  sellersServed: number;
  lists: number;
}

export interface IncentiveReport {
  year: string;
  thresholdUsd: string;
  sellers: SellerIncentive[];
  serviceFirms: ServiceFirm[];
}

/**
 * Per-enterprise incentive metrics of a China-time year, from released lists not cancelled or returned:
 * - a seller's 9610 exports in US$: each list's lines converted with the rate table of its release day (the
 *   latest day on or before, else the earliest after), the year before likewise, and the growth;
 * - a service firm serves a seller when it is the declaring agent (agentCode), the logistics company
 *   (logisticsCode) or the platform (ebpCode) of a released list of that seller in the year (any trade mode, import
 *   or export); a firm serving itself does not count.
 */
@Injectable()
export class IncentiveQueries {
  constructor(private readonly db: DataSource) {}

  async incentives(caller: Caller, q: IncentivesQueryDto): Promise<IncentiveReport> {
    assertStatisticsReader(caller);
    const year = Number(q.year);
    const usd = await this.exportsUsd(year - 1, year, q.enterprise);
    const names = await this.names();
    const sellers = [...new Set(usd.filter((r) => r.year === year).map((r) => r.ebc_code))]
      .map((code): SellerIncentive => {
        const now = usd.find((r) => r.ebc_code === code && r.year === year);
        const before = usd.find((r) => r.ebc_code === code && r.year === year - 1);
        const a = dec(now?.usd ?? '0');
        const b = dec(before?.usd ?? '0');
        return {
          enterpriseCode: code,
          name: names.get(code) ?? code,
          lists: Number(now?.lists ?? 0),
          exports9610Usd: money(a),
          previousYearUsd: money(b),
          growthPercent: b.isZero() ? null : money(a.minus(b).div(b).times(100)),
          eligible: a.gte(INCENTIVE_THRESHOLD_USD),
        };
      })
      .sort(
        (x, y) =>
          dec(y.exports9610Usd).cmp(x.exports9610Usd) || x.enterpriseCode.localeCompare(y.enterpriseCode),
      );
    const firms: { code: string; role: ServiceFirm['role']; sellers: string; lists: string }[] =
      await this.db.query(
        `SELECT x.code, x.role, count(DISTINCT f.ebc_code)::text AS sellers, count(*)::text AS lists
         FROM "statistics"."list_fact" f
         CROSS JOIN LATERAL (VALUES (f.agent_code, 'agent'), (f.logistics_code, 'logistics'), (f.ebp_code, 'platform')) AS x(code, role)
        WHERE f.facts IS NOT NULL AND f.release_day IS NOT NULL AND NOT f.reversed
          AND f.release_day BETWEEN make_date($1, 1, 1) AND make_date($1, 12, 31)
          AND x.code IS NOT NULL AND x.code <> f.ebc_code AND ($2::text IS NULL OR x.code = $2)
        GROUP BY x.code, x.role
        ORDER BY count(DISTINCT f.ebc_code) DESC, x.code, x.role`,
        [year, q.enterprise ?? null],
      );
    return {
      year: q.year,
      thresholdUsd: money(INCENTIVE_THRESHOLD_USD),
      sellers,
      serviceFirms: firms.map((f) => ({
        enterpriseCode: f.code,
        name: names.get(f.code) ?? f.code,
        role: f.role,
        sellersServed: Number(f.sellers),
        lists: Number(f.lists),
      })),
    };
  }

  /** 9610 exports per seller and year in US$ (exact numeric, not rounded), with the number of lists. */
  private exportsUsd(
    first: number,
    last: number,
    enterprise?: string,
  ): Promise<{ ebc_code: string; year: number; usd: string | null; lists: string }[]> {
    const rate = (iso: string) =>
      `(SELECT r.usd_per_unit FROM "statistics"."exchange_rate" r WHERE r.currency = ${iso}
         ORDER BY (r.date <= g.day) DESC, CASE WHEN r.date <= g.day THEN r.date END DESC, r.date ASC LIMIT 1)`;
    return this.db.query(
      `WITH lines AS (
         SELECT f.list_key, f.ebc_code, f.release_day AS day, l->>'currency' AS currency, (l->>'value')::numeric AS value
           FROM "statistics"."list_fact" f CROSS JOIN LATERAL jsonb_array_elements(f.facts->'lines') AS l
          WHERE f.flow = 'export' AND f.trade_mode = '9610' AND f.facts IS NOT NULL AND NOT f.reversed
            AND f.release_day BETWEEN make_date($1, 1, 1) AND make_date($2, 12, 31)
            AND ($3::text IS NULL OR f.ebc_code = $3)
       ), g AS (
         SELECT ebc_code, day, currency, sum(value) AS value FROM lines GROUP BY 1, 2, 3
       ), c AS (
         SELECT g.ebc_code, extract(year FROM g.day)::int AS year,
                g.value * CASE WHEN m.iso = 'USD' THEN 1::numeric ELSE ${rate('m.iso')} END AS usd
           FROM g LEFT JOIN unnest($4::text[], $5::text[]) AS m(ceb, iso) ON m.ceb = g.currency
       ), n AS (
         SELECT ebc_code, extract(year FROM day)::int AS year, count(DISTINCT list_key) AS lists FROM lines GROUP BY 1, 2
       )
       SELECT c.ebc_code, c.year, sum(c.usd)::text AS usd, max(n.lists)::text AS lists
         FROM c JOIN n ON n.ebc_code = c.ebc_code AND n.year = c.year
        GROUP BY c.ebc_code, c.year`,
      [first, last, enterprise ?? null, Object.keys(CEB_TO_ISO), Object.values(CEB_TO_ISO)],
    );
  }

  private async names(): Promise<Map<string, string>> {
    const rows: { customs_code: string; name: string }[] = await this.db.query(
      `SELECT customs_code, name FROM "statistics"."enterprise"`,
    );
    return new Map(rows.map((r) => [r.customs_code, r.name]));
  }

  csv(r: IncentiveReport): string {
    return toCsv(
      [
        'section',
        'enterpriseCode',
        'name',
        'role',
        'lists',
        'exports9610Usd',
        'previousYearUsd',
        'growthPercent',
        'eligible',
        'sellersServed',
      ],
      [
        ...r.sellers.map((s) => [
          'seller',
          s.enterpriseCode,
          s.name,
          'seller',
          s.lists,
          s.exports9610Usd,
          s.previousYearUsd,
          s.growthPercent,
          String(s.eligible),
          '',
        ]),
        ...r.serviceFirms.map((f) => [
          'serviceFirm',
          f.enterpriseCode,
          f.name,
          f.role,
          f.lists,
          '',
          '',
          '',
          '',
          f.sellersServed,
        ]),
      ],
    );
  }
}
