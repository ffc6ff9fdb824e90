import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { DEMO_BANK, DEMO_ENTERPRISES } from '../ceb/demo-enterprises';
import { EXPORT_ORDER_EXAMPLE } from '../ceb/export/ceb303-order';
import { ENTERPRISE_CODE } from '../ceb/patterns';

/**
 * The record of the example export order (CEB303 `EXPORT_ORDER_EXAMPLE`, the one the console prefills):
 * `flow:ebpCode:orderNo`. It exists once that order, its receipt, waybill and list are declared, released and
 * departed; the demo flow pushed at `npm start` uses fresh order numbers: read their ids from GET /v1/forex/transactions.
 */
export const FOREX_TX_EXAMPLE = `export:${EXPORT_ORDER_EXAMPLE.OrderHead.ebpCode}:${EXPORT_ORDER_EXAMPLE.OrderHead.orderNo}`;
/** The bank customer of the examples: the demo seller (ebcCode of the example export order). */
const SELLER_EXAMPLE = DEMO_ENTERPRISES.seller.customsCode;

/** A non-negative decimal amount as a string, at most 2 places (never a JS number). */
export const FX_AMOUNT = /^(0|[1-9]\d{0,13})(\.\d{1,2})?$/;
/** A signed decimal amount as a string (balances that may run negative after a reversal). */
export const FX_SIGNED_AMOUNT = /^-?(0|[1-9]\d{0,13})(\.\d{1,2})?$/;
/** An ISO 4217 currency code. */
export const ISO_CURRENCY = /^[A-Z]{3}$/;

export const FX_FLOWS = ['export', 'import'] as const;
export type FxFlow = (typeof FX_FLOWS)[number];

/**
 * Authenticity (真实性审核) of a transaction record: `verified` when every document is there, matched and released
 * (export: departed too); `unverified` names what is missing or differs; `reversed` after a cancellation.
 */
export const AUTHENTICITY_STATUSES = ['verified', 'unverified', 'reversed'] as const;
export type AuthenticityStatus = (typeof AUTHENTICITY_STATUSES)[number];

/**
 * Payload of `forex.external.transaction.recorded.v1`: the transaction e-information (交易电子信息) of one order, as
 * banks settle on it; published again (higher `version`) whenever it changes (authenticity, return, settlement).
 * Keyed by `enterpriseCode` so a subscriber filters per bank customer.
 */
export class ForexTransactionRecorded {
  @ApiProperty({ description: 'Stable id of the record', example: FOREX_TX_EXAMPLE })
  @IsString()
  @Length(1, 140)
  transactionId!: string;

  @ApiProperty({ description: 'Increases with every change of the record', example: 1 })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ enum: FX_FLOWS, example: 'export' })
  @IsIn(FX_FLOWS)
  flow!: FxFlow;

  @ApiProperty({
    description: 'The e-commerce enterprise (ebcCode): the bank customer',
    example: SELLER_EXAMPLE,
  })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({ description: 'Order number', example: 'EXP20261121000001' })
  @IsString()
  @MaxLength(60)
  orderNo!: string;

  @ApiProperty({ description: 'ISO 4217 currency of the amounts', example: 'USD' })
  @Matches(ISO_CURRENCY)
  currency!: string;

  @ApiProperty({ description: 'Declared amount to be received or paid', example: '642.00' })
  @Matches(FX_AMOUNT)
  declaredAmount!: string;

  @ApiProperty({ description: 'Value returned or cancelled since', example: '0.00' })
  @Matches(FX_AMOUNT)
  reversedAmount!: string;

  @ApiProperty({ description: 'Funds settled by banks (net of fees)', example: '0.00' })
  @Matches(FX_AMOUNT)
  settledAmount!: string;

  @ApiProperty({ description: 'Overseas fees the enterprise declared deducted (netting)', example: '0.00' })
  @Matches(FX_AMOUNT)
  feesAmount!: string;

  @ApiProperty({
    description: 'What may still be settled (declared − reversed − settled − fees)',
    example: '642.00',
  })
  @Matches(FX_SIGNED_AMOUNT)
  remainingAmount!: string;

  @ApiProperty({ enum: AUTHENTICITY_STATUSES, example: 'verified' })
  @IsIn(AUTHENTICITY_STATUSES)
  authenticity!: AuthenticityStatus;

  @ApiProperty({ type: [String], description: 'Why it is not verified', example: [] })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  authenticityReasons!: string[];

  @ApiPropertyOptional({ description: 'Trade mode (9610/9710/9810/1210)', example: '9610' })
  @IsOptional()
  @Matches(/^\d{4}$/)
  tradeMode?: string;

  // The parties and references a bank also reads from GET /v1/forex/transactions (optional: absent until the
  // document that brings them arrived, and absent in events published before they were added).

  @ApiPropertyOptional({
    description: 'Name of the seller (ebcName) as declared on its documents',
    example: DEMO_ENTERPRISES.seller.name,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  enterpriseName?: string;

  @ApiPropertyOptional({
    description:
      'Country of the overseas buyer (export: 运抵国 of the CEB603 list) or of origin (import), customs code. ' +
      'CEB303 carries no overseas buyer name: the country and the payer are what the documents give.',
    example: '502',
  })
  @IsOptional()
  @Matches(/^[0-9A-Z]{3}$/)
  country?: string;

  @ApiPropertyOptional({
    description:
      'Who collected or paid the funds: export the CEB403 payment enterprise (支付企业, collecting from the overseas buyer; ' +
      '"现金支付" if not online), import the CEB411 payment company',
    example: '财付通支付科技有限公司',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  payerName?: string;

  @ApiPropertyOptional({
    description: 'Payment transaction number (CEB403 payNo / CEB411)',
    example: 'PAY20261121000001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  payNo?: string;

  @ApiPropertyOptional({ description: 'copNo of the list (CEB603 / CEB621)', example: 'C20261121000001' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  listCopNo?: string;

  @ApiPropertyOptional({
    description: 'Customs number of the list (清单编号), once customs gave it',
    example: '29242026E000000001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  invtNo?: string;

  @ApiPropertyOptional({ description: 'Waybill number of the parcel', example: 'LN20261121000001' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  logisticsNo?: string;

  @ApiPropertyOptional({
    description: 'copNo of the CEB509 departure (export)',
    example: 'DEP20261121000001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  departureCopNo?: string;

  @ApiPropertyOptional({
    description: 'When the parcel left (CEB509 leaveTime, ISO 8601)',
    example: '2026-11-21T06:00:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  departedAt?: string;

  @ApiProperty({ description: 'When the record changed (ISO 8601)' })
  @IsISO8601({ strict: true })
  occurredAt!: string;
}

export const SETTLEMENT_KINDS = ['receipt', 'payment', 'conversion-settle', 'conversion-purchase'] as const;
export type SettlementKind = (typeof SETTLEMENT_KINDS)[number];

export class SettlementAllocationEvent {
  @IsString()
  @Length(1, 140)
  transactionId!: string;

  @Matches(FX_AMOUNT)
  amount!: string;
}

/** Payload of `forex.external.settlement.recorded.v1`: a bank's settlement (收汇/付汇/结汇/购汇) as recorded. */
export class ForexSettlementRecorded {
  @ApiProperty({ example: 'b0d1c9a4-3a55-4b0a-9d0e-2f0c5a9e7d11' })
  @IsString()
  settlementId!: string;

  @ApiProperty({ description: 'SWIFT BIC of the bank', example: DEMO_BANK.swiftCode })
  @IsString()
  @Length(8, 11)
  bankCode!: string;

  @ApiProperty({ example: 'BOC-2026-000123' })
  @IsString()
  @Length(1, 64)
  bankReference!: string;

  @ApiProperty({ enum: SETTLEMENT_KINDS })
  @IsIn(SETTLEMENT_KINDS)
  kind!: SettlementKind;

  @ApiProperty({ example: 'USD' })
  @Matches(ISO_CURRENCY)
  currency!: string;

  @ApiProperty({ example: '600.00' })
  @Matches(FX_AMOUNT)
  amount!: string;

  @ApiProperty({ type: [SettlementAllocationEvent] })
  @ValidateNested({ each: true })
  @Type(() => SettlementAllocationEvent)
  allocations!: SettlementAllocationEvent[];

  @ApiProperty({ description: 'Customs codes of the enterprises concerned', example: [SELLER_EXAMPLE] })
  @Matches(ENTERPRISE_CODE, { each: true })
  enterpriseCodes!: string[];

  @ApiProperty()
  @IsISO8601({ strict: true })
  settledAt!: string;
}

export const DIRECTORY_STATUSES = ['exempt', 'registration-required'] as const;
export type DirectoryStatus = (typeof DIRECTORY_STATUSES)[number];

/**
 * Payload of `forex.external.directory-status.changed.v1`: an enterprise's settled receipts or payments of a
 * calendar year (China time) reached US$200,000, so it is no longer exempt from 名录 registration. Settled funds only
 * add up within a year (returns lower what remains settleable, not what was settled): the status never goes back.
 */
export class ForexDirectoryStatusChanged {
  @ApiProperty({ example: SELLER_EXAMPLE })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({ example: '2026' })
  @Matches(/^\d{4}$/)
  year!: string;

  @ApiProperty({ enum: DIRECTORY_STATUSES })
  @IsIn(DIRECTORY_STATUSES)
  status!: DirectoryStatus;

  @ApiProperty({ description: 'Settled receipts of the year, US$', example: '200000.00' })
  @Matches(FX_AMOUNT)
  receiptsUsd!: string;

  @ApiProperty({ description: 'Settled payments of the year, US$', example: '0.00' })
  @Matches(FX_AMOUNT)
  paymentsUsd!: string;

  @ApiProperty({ description: 'The threshold, US$ (below it, exclusive, exempt)', example: '200000.00' })
  @Matches(FX_AMOUNT)
  thresholdUsd!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  occurredAt!: string;
}

/**
 * Payload of `forex.external.directory-registration.requested.v1`: the 名录 data elements the platform sends to
 * SAFE for the simplified registration (「发送给外汇局办理名录登记」).
 */
export class ForexDirectoryRegistration {
  @ApiProperty({ example: SELLER_EXAMPLE })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiPropertyOptional({
    description: 'Enterprise name as declared on its documents',
    example: '杭州跨境优选电商',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  enterpriseName?: string;

  @ApiProperty({ example: '2026' })
  @Matches(/^\d{4}$/)
  year!: string;

  @ApiProperty({ example: '200000.00' })
  @Matches(FX_AMOUNT)
  receiptsUsd!: string;

  @ApiProperty({ example: '0.00' })
  @Matches(FX_AMOUNT)
  paymentsUsd!: string;

  @ApiProperty({
    description: 'SWIFT codes of the banks that settled its funds this year',
    example: [DEMO_BANK.swiftCode],
  })
  @IsString({ each: true })
  banks!: string[];

  @ApiProperty()
  @IsISO8601({ strict: true })
  requestedAt!: string;
}

export class ExchangeRateEntry {
  @ApiProperty({ example: 'EUR' })
  @Matches(ISO_CURRENCY)
  currency!: string;

  @ApiProperty({ description: 'US dollars per one unit of the currency', example: '1.0850' })
  @Matches(/^(0|[1-9]\d{0,9})(\.\d{1,10})?$/)
  usdPerUnit!: string;
}

/** Payload of `forex.external.exchange-rates.published.v1`: one day's rates of the table forex converts with. */
export class ForexExchangeRatesPublished {
  @ApiProperty({ example: '2026-11-21' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date!: string;

  @ApiProperty({ description: "Version of that day's rates (a reload makes a new one)", example: 1 })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ type: [ExchangeRateEntry] })
  @ValidateNested({ each: true })
  @Type(() => ExchangeRateEntry)
  rates!: ExchangeRateEntry[];

  @ApiProperty({ description: 'From the data file (false) or loaded by an operator (true)' })
  @IsBoolean()
  loadedByOperator!: boolean;
}
