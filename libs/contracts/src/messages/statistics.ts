import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  Matches,
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

import { ENTERPRISE_CODE } from '../ceb/patterns';

/** The dimensions statistics reports volumes by (全口径统计). */
export const STATISTICS_DIMENSIONS = [
  'direction',
  'tradeMode',
  'businessType',
  'country',
  'hsChapter',
  'hsHeading',
  'platform',
  'seller',
  'district',
  'currency',
  'day',
  'month',
] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

export const STATISTICS_DIRECTIONS = ['import', 'export'] as const;
export type StatisticsDirection = (typeof STATISTICS_DIRECTIONS)[number];

/** Trade modes counted: 9610 direct (B2C), 1210 bonded (B2C), 9710 B2B direct export, 9810 overseas warehouse. */
export const STATISTICS_TRADE_MODES = ['9610', '1210', '9710', '9810'] as const;
export type StatisticsTradeMode = (typeof STATISTICS_TRADE_MODES)[number];

export const BUSINESS_TYPES = ['B2C', 'B2B', 'B2B2C'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

/** The business type of a trade mode: 9610/1210 B2C, 9710 B2B, 9810 (overseas warehouse) B2B2C. */
export function businessTypeOf(tradeMode: string): BusinessType | undefined {
  switch (tradeMode) {
    case '9610':
    case '1210':
      return 'B2C';
    case '9710':
      return 'B2B';
    case '9810':
      return 'B2B2C';
    default:
      return undefined;
  }
}

/**
 * The state of a list a count stands for: released (800, the statistics date), and for exports the later states
 * departed (closed 899 after the CEB509 departure) and summarised (in a CEB792-style export summary). Every count
 * is dated by the release day (China time), so the three stages are the same cohort at different points.
 */
export const STATISTICS_STAGES = ['released', 'departed', 'summarised'] as const;
export type StatisticsStage = (typeof STATISTICS_STAGES)[number];

export const REPORT_FORMATS = ['json', 'csv'] as const;

/** Years 1900–2199: what a report can be about (PostgreSQL has no year 0, and nothing is older). */
const DATE = /^(19|20|21)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A calendar date that exists (2026-02-30 does not). */
export const isCalendarDate = (value: string): boolean => {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
};

/** Longest period a report covers: ten years of days. */
export const MAX_REPORT_DAYS = 3660;

function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a date YYYY-MM-DD (China time)`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value) },
    });
}

/** `to` on or after `from` and at most MAX_REPORT_DAYS days after it. */
function IsPeriodEnd(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPeriodEnd',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `to must be on or after from, at most ${MAX_REPORT_DAYS} days later` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const from = (args.object as { from?: unknown }).from;
          if (typeof value !== 'string' || !isCalendarDate(value)) return true; // the date rule reports it
          if (typeof from !== 'string' || !isCalendarDate(from)) return true;
          const days = (Date.parse(value) - Date.parse(from)) / 86_400_000;
          return days >= 0 && days < MAX_REPORT_DAYS;
        },
      },
    });
}

/** Query of `GET /v1/statistics/volumes`. */
export class VolumeQueryDto {
  @ApiProperty({ enum: STATISTICS_DIMENSIONS, example: 'country', description: 'What the rows are by' })
  @IsIn(STATISTICS_DIMENSIONS)
  dimension!: StatisticsDimension;

  @ApiPropertyOptional({ enum: STATISTICS_DIRECTIONS, description: 'Imports or exports (default: both)' })
  @IsOptional()
  @IsIn(STATISTICS_DIRECTIONS)
  direction?: StatisticsDirection;

  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'First release day, China time (default: 29 days before `to`)',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'Last release day, China time, inclusive (default: today in China)',
  })
  @IsOptional()
  @IsCalendarDate()
  @IsPeriodEnd()
  to?: string;

  @ApiPropertyOptional({ enum: STATISTICS_TRADE_MODES, description: 'Only this trade mode' })
  @IsOptional()
  @IsIn(STATISTICS_TRADE_MODES)
  tradeMode?: StatisticsTradeMode;

  @ApiPropertyOptional({ enum: BUSINESS_TYPES, description: 'Only this business type' })
  @IsOptional()
  @IsIn(BUSINESS_TYPES)
  businessType?: BusinessType;

  @ApiPropertyOptional({
    enum: STATISTICS_STAGES,
    description:
      'released (default): every list released (800) in the period; departed / summarised: those of them that ' +
      'have also departed / been summarised since (exports)',
  })
  @IsOptional()
  @IsIn(STATISTICS_STAGES)
  stage?: StatisticsStage;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'json (default) or csv (text/csv, header row)' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: 'json' | 'csv';
}

export class VolumeRow {
  @ApiProperty({ description: 'Value of the dimension (a code, a day, a month)', example: '502' })
  key!: string;

  @ApiProperty({
    description: 'Human name when there is one (country, HS chapter), else the key',
    example: '美国 United States',
  })
  label!: string;

  @ApiProperty({ description: 'Number of lists (a list counts once per key)', example: 12 })
  count!: number;

  @ApiProperty({
    description: 'Goods value in CNY (Σ line totalPrice converted with the rate table), 2 places',
    example: '15320.50',
  })
  valueCny!: string;
}

export class VolumeTotal {
  @ApiProperty({ description: 'Number of lists', example: 12 })
  count!: number;

  @ApiProperty({ example: '15320.50' })
  valueCny!: string;
}

export class VolumeReport {
  @ApiProperty({ enum: STATISTICS_DIMENSIONS })
  dimension!: StatisticsDimension;

  @ApiProperty({ example: '2026-11-01' })
  from!: string;

  @ApiProperty({ example: '2026-11-30' })
  to!: string;

  @ApiProperty({ type: [VolumeRow] })
  rows!: VolumeRow[];

  @ApiProperty({
    type: VolumeTotal,
    description:
      'All lists of the period and filters, each once (for hsChapter/hsHeading the rows can add up to more: a list ' +
      'with lines in two chapters counts in both)',
  })
  total!: VolumeTotal;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Currencies (customs codes) of the period without a rate in the table: their values count as 0',
  })
  unconverted?: string[];
}

export const B2B_VERIFICATION_STATUSES = ['matched', 'mismatched'] as const;

/** Query of `GET /v1/statistics/b2b-verification`. */
export class B2bVerificationQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01', description: 'First release day, China time' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last release day, China time, inclusive' })
  @IsOptional()
  @IsCalendarDate()
  @IsPeriodEnd()
  to?: string;

  @ApiPropertyOptional({ enum: ['9710', '9810'] })
  @IsOptional()
  @IsIn(['9710', '9810'])
  tradeMode?: '9710' | '9810';

  @ApiPropertyOptional({
    enum: B2B_VERIFICATION_STATUSES,
    description: 'Only matched or only mismatched lists',
  })
  @IsOptional()
  @IsIn(B2B_VERIFICATION_STATUSES)
  status?: 'matched' | 'mismatched';

  @ApiPropertyOptional({ example: '3301968BBB', description: 'Only this seller (ebcCode)' })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, { message: 'seller must be a customs or credit code' })
  seller?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: 'json' | 'csv';
}

/** Query of `GET /v1/statistics/reports/monthly`. */
export class MonthlyReportQueryDto {
  @ApiProperty({ example: '2026-11', description: 'The month, China time' })
  @Matches(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM (1900–2199)' })
  month!: string;

  @ApiPropertyOptional({ enum: ['csv', 'html'], description: 'csv (default) or html with charts (SVG)' })
  @IsOptional()
  @IsIn(['csv', 'html'])
  format?: 'csv' | 'html';
}

/** Query of `GET /v1/statistics/incentives`. */
export class IncentivesQueryDto {
  @ApiProperty({ example: '2026', description: 'The year, China time' })
  @Matches(/^(19|20|21)\d{2}$/, { message: 'year must be a year YYYY (1900–2199)' })
  year!: string;

  @ApiPropertyOptional({ example: '3301968BBB', description: 'Only this enterprise (customs code)' })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, { message: 'enterprise must be a customs or credit code' })
  enterprise?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: 'json' | 'csv';
}

export class B2bMismatch {
  @ApiProperty({
    description:
      'order.missing, order.type, order.seller, order.currency, order.value, payment.missing, payment.seller, ' +
      'payment.currency, payment.amount, waybill.missing, waybill.seller',
    example: 'payment.missing',
  })
  rule!: string;

  @ApiProperty({ example: 'no payment receipt (CEB403) 3301960001/EO2026112100001' })
  message!: string;
}

export class B2bVerificationItem {
  @ApiProperty({ description: 'The list (agentCode:copNo)', example: '3301980004:INVT20261121000001' })
  listIdentity!: string;

  @ApiProperty({ example: 'EO2026112100001' })
  orderNo!: string;

  @ApiProperty({ example: '3301960001' })
  ebpCode!: string;

  @ApiProperty({ example: '3301960002' })
  ebcCode!: string;

  @ApiProperty({ enum: ['9710', '9810'] })
  tradeMode!: string;

  @ApiProperty({ description: 'Release day, China time', example: '2026-11-21' })
  releaseDay!: string;

  @ApiProperty({ enum: B2B_VERIFICATION_STATUSES })
  status!: 'matched' | 'mismatched';

  @ApiProperty({ description: 'An export order (CEB303) was declared' })
  order!: boolean;

  @ApiProperty({ description: 'A payment receipt (CEB403) was declared' })
  payment!: boolean;

  @ApiProperty({ description: 'A waybill (CEB505) was declared' })
  waybill!: boolean;

  @ApiProperty({ type: [B2bMismatch] })
  mismatches!: B2bMismatch[];
}

export class B2bVerificationSummary {
  @ApiProperty({ example: 12 })
  lists!: number;

  @ApiProperty({ example: 10 })
  matched!: number;

  @ApiProperty({ example: 2 })
  mismatched!: number;

  @ApiProperty({ description: 'Lists per mismatch rule', example: { 'payment.missing': 2 } })
  byRule!: Record<string, number>;
}

export class B2bVerificationReport {
  @ApiProperty({ example: '2026-11-01' })
  from!: string;

  @ApiProperty({ example: '2026-11-30' })
  to!: string;

  @ApiProperty({
    type: B2bVerificationSummary,
    description: 'Of every list of the period and filters but status',
  })
  summary!: B2bVerificationSummary;

  @ApiProperty({ type: [B2bVerificationItem] })
  items!: B2bVerificationItem[];

  @ApiProperty({ description: 'More than 5000 lists: narrow the period' })
  truncated!: boolean;
}

export class SellerIncentiveView {
  @ApiProperty({ example: '3301960002' })
  enterpriseCode!: string;

  @ApiProperty({ example: '示范海外旗舰店' })
  name!: string;

  @ApiProperty({ description: 'Released 9610 export lists of the year', example: 320 })
  lists!: number;

  @ApiProperty({ description: 'Released 9610 exports of the year in US$', example: '61250.40' })
  exports9610Usd!: string;

  @ApiProperty({ example: '40100.00' })
  previousYearUsd!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Year-on-year growth in percent',
    example: '52.74',
  })
  growthPercent!: string | null;

  @ApiProperty({ description: 'Reaches US$50,000 (年度出口在 5 万美元及以上, 9610)' })
  eligible!: boolean;
}

export class ServiceFirmView {
  @ApiProperty({ example: '3301980004' })
  enterpriseCode!: string;

  @ApiProperty({ example: '示范报关有限公司' })
  name!: string;

  @ApiProperty({ enum: ['agent', 'logistics', 'platform'] })
  role!: 'agent' | 'logistics' | 'platform';

  @ApiProperty({ description: 'Distinct sellers whose released lists of the year it served', example: 14 })
  sellersServed!: number;

  @ApiProperty({ example: 900 })
  lists!: number;
}

export class IncentiveReportView {
  @ApiProperty({ example: '2026' })
  year!: string;

  @ApiProperty({ example: '50000.00' })
  thresholdUsd!: string;

  @ApiProperty({ type: [SellerIncentiveView] })
  sellers!: SellerIncentiveView[];

  @ApiProperty({ type: [ServiceFirmView] })
  serviceFirms!: ServiceFirmView[];
}
