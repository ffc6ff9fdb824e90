import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  CEB_TO_ISO,
  type StatisticsDimension,
  type VolumeQueryDto,
  type VolumeReport,
  type VolumeRow,
} from '@swx/contracts';
import type { Caller } from '@swx/platform';

import { addDays, chinaToday } from '../volumes/china-time';
import { toCsv } from './csv';
import { labelTables } from './labels';

const S = '"statistics"';

/** Regulators (any agency) and operators read statistics; enterprises do not (403). */
export function assertStatisticsReader(caller: Caller): void {
  const regulator = caller.kind === 'regulator' && caller.scopes.includes('regulator:read');
  if (!regulator && caller.kind !== 'operator')
    throw new ForbiddenException('statistics are for regulators and operators');
}

/** Where a dimension's rows come from: the stored dimension and the expression of the key. */
function sourceOf(dimension: StatisticsDimension): { stored: string; key: string; join?: string } {
  switch (dimension) {
    case 'direction':
      return { stored: 'total', key: 'v.direction' };
    case 'tradeMode':
      return { stored: 'total', key: 'v.trade_mode' };
    case 'businessType':
      return { stored: 'total', key: 'v.business_type' };
    case 'currency':
      return { stored: 'total', key: 'v.currency' };
    case 'day':
      return { stored: 'total', key: `to_char(v.day, 'YYYY-MM-DD')` };
    case 'month':
      return { stored: 'total', key: `to_char(v.day, 'YYYY-MM')` };
    case 'district':
      // The seller's district as the registry says now: an enterprise that moved parks moves its figures with it.
      return {
        stored: 'seller',
        key: `COALESCE(e.district, '')`,
        join: `LEFT JOIN ${S}."enterprise" e ON e.customs_code = v.key`,
      };
    default:
      return { stored: dimension, key: 'v.key' };
  }
}

export interface VolumeFilter {
  from: string;
  to: string;
  direction?: string;
  tradeMode?: string;
  businessType?: string;
  stage: string;
}

interface Row {
  key: string;
  count: string;
  value_cny: string;
}

/**
 * Reads the aggregates by one dimension. Values are kept per currency and day; each (day, currency) group is
 * converted to CNY with the rate table as forex publishes it (the latest day on or before, else the earliest
 * after; CNY itself exactly): value × US$ per unit of the currency ÷ US$ per unit of CNY, summed, then rounded
 * half up to 2 places (PostgreSQL numeric throughout).
 */
@Injectable()
export class VolumeQueries {
  constructor(private readonly db: DataSource) {}

  filterOf(
    q: Pick<VolumeQueryDto, 'from' | 'to' | 'direction' | 'tradeMode' | 'businessType' | 'stage'>,
  ): VolumeFilter {
    const to = q.to ?? (q.from ? addDays(q.from, 29) : chinaToday());
    const from = q.from ?? addDays(to, -29);
    return {
      from,
      to,
      stage: q.stage ?? 'released',
      ...(q.direction ? { direction: q.direction } : {}),
      ...(q.tradeMode ? { tradeMode: q.tradeMode } : {}),
      ...(q.businessType ? { businessType: q.businessType } : {}),
    };
  }

  async volumes(caller: Caller, q: VolumeQueryDto): Promise<VolumeReport> {
    assertStatisticsReader(caller);
    return this.report(q.dimension, this.filterOf(q));
  }

  async report(dimension: StatisticsDimension, f: VolumeFilter): Promise<VolumeReport> {
    const [rows, [total], unconverted] = await Promise.all([
      this.grouped(dimension, f),
      this.grouped('direction', f, true),
      this.unconverted(f),
    ]);
    const labels = this.labeller(dimension);
    const named = await this.enterpriseNames(
      dimension,
      rows.map((r) => r.key),
    );
    return {
      dimension,
      from: f.from,
      to: f.to,
      rows: rows.map((r): VolumeRow => ({
        key: r.key,
        label: named.get(r.key) ?? labels(r.key),
        count: Number(r.count),
        valueCny: r.value_cny,
      })),
      total: { count: Number(total?.count ?? 0), valueCny: total?.value_cny ?? '0.00' },
      ...(unconverted.length > 0 ? { unconverted } : {}),
    };
  }

  csv(report: VolumeReport): string {
    return toCsv(
      ['dimension', 'key', 'label', 'count', 'valueCny'],
      [
        ...report.rows.map((r) => [report.dimension, r.key, r.label, r.count, r.valueCny]),
        [report.dimension, 'total', 'total', report.total.count, report.total.valueCny],
      ],
    );
  }

  private params(f: VolumeFilter): unknown[] {
    return [
      f.stage,
      f.from,
      f.to,
      f.direction ?? null,
      f.tradeMode ?? null,
      f.businessType ?? null,
      Object.keys(CEB_TO_ISO),
      Object.values(CEB_TO_ISO),
    ];
  }

  private async grouped(dimension: StatisticsDimension, f: VolumeFilter, whole = false): Promise<Row[]> {
    const src = sourceOf(dimension);
    const key = whole ? `'*'` : src.key;
    const ordered =
      dimension === 'day' || dimension === 'month' ? 'key' : 'sum(b.val * c.factor) DESC NULLS LAST, key';
    return this.db.query(
      `WITH base AS (
         SELECT ${key} AS key, v.day, v.currency, sum(v.count) AS n, sum(v.value) AS val
           FROM ${S}."volume" v ${src.join ?? ''}
          WHERE v.dimension = '${whole ? 'total' : src.stored}' AND v.stage = $1 AND v.day BETWEEN $2::date AND $3::date
            AND ($4::text IS NULL OR v.direction = $4) AND ($5::text IS NULL OR v.trade_mode = $5)
            AND ($6::text IS NULL OR v.business_type = $6)
          GROUP BY 1, 2, 3
       ), conv AS (${conversion('base')})
       SELECT b.key, sum(b.n)::text AS count, to_char(round(COALESCE(sum(b.val * c.factor), 0), 2), 'FM999999999999999999990.00') AS value_cny
         FROM base b JOIN conv c ON c.day = b.day AND c.currency = b.currency
        GROUP BY b.key HAVING sum(b.n) <> 0 OR sum(b.val) <> 0
        ORDER BY ${ordered}`,
      this.params(f),
    );
  }

  private async unconverted(f: VolumeFilter): Promise<string[]> {
    const rows: { currency: string }[] = await this.db.query(
      `WITH base AS (
         SELECT v.day, v.currency FROM ${S}."volume" v
          WHERE v.dimension = 'total' AND v.stage = $1 AND v.day BETWEEN $2::date AND $3::date
            AND ($4::text IS NULL OR v.direction = $4) AND ($5::text IS NULL OR v.trade_mode = $5)
            AND ($6::text IS NULL OR v.business_type = $6) AND (v.count <> 0 OR v.value <> 0)
          GROUP BY 1, 2
       ), conv AS (${conversion('base')})
       SELECT DISTINCT currency FROM conv WHERE factor IS NULL ORDER BY currency`,
      this.params(f),
    );
    return rows.map((r) => r.currency);
  }

  private labeller(dimension: StatisticsDimension): (key: string) => string {
    const t = labelTables();
    const table: Record<string, string> | undefined =
      dimension === 'country'
        ? t.countries
        : dimension === 'hsChapter'
          ? t.hsChapters
          : dimension === 'tradeMode'
            ? t.tradeModes
            : dimension === 'currency'
              ? t.currencies
              : undefined;
    if (dimension === 'hsHeading') return (k) => `${k} (${t.hsChapters[k.slice(0, 2)] ?? k.slice(0, 2)})`;
    if (dimension === 'district') return (k) => (k === '' ? '未登记 not registered' : k);
    if (dimension === 'direction') return (k) => (k === 'import' ? '进口 import' : '出口 export');
    return (k) => table?.[k] ?? k;
  }

  private async enterpriseNames(
    dimension: StatisticsDimension,
    keys: string[],
  ): Promise<Map<string, string>> {
    if ((dimension !== 'platform' && dimension !== 'seller') || keys.length === 0) return new Map();
    const rows: { customs_code: string; name: string }[] = await this.db.query(
      `SELECT customs_code, name FROM ${S}."enterprise" WHERE customs_code = ANY($1::text[])`,
      [keys],
    );
    return new Map(rows.map((r) => [r.customs_code, r.name]));
  }
}

/**
 * The CNY factor of each (day, currency) of a CTE `base`: US$ per unit of the currency ÷ US$ per unit of CNY, both
 * from the latest rate day on or before the day (else the earliest after); NULL without a rate. Parameters $7/$8
 * map customs currency codes to ISO.
 */
export function conversion(base: string): string {
  const rate = (iso: string) =>
    `(SELECT r.usd_per_unit FROM ${S}."exchange_rate" r WHERE r.currency = ${iso}
       ORDER BY (r.date <= d.day) DESC, CASE WHEN r.date <= d.day THEN r.date END DESC, r.date ASC LIMIT 1)`;
  return `SELECT d.day, d.currency,
            CASE WHEN d.currency = '142' THEN 1::numeric
                 ELSE ${rate('m.iso')}::numeric(40, 20) / NULLIF(${rate(`'CNY'`)}, 0) END AS factor
       FROM (SELECT DISTINCT day, currency FROM ${base}) d
       LEFT JOIN unnest($7::text[], $8::text[]) AS m(ceb, iso) ON m.ceb = d.currency`;
}
