import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { DEMO_BANK, DEMO_ENTERPRISES } from '../ceb/demo-enterprises';
import { ENTERPRISE_CODE } from '../ceb/patterns';
import {
  AUTHENTICITY_STATUSES,
  type AuthenticityStatus,
  ExchangeRateEntry,
  FX_AMOUNT,
  FOREX_TX_EXAMPLE,
  FX_FLOWS,
  type FxFlow,
  ISO_CURRENCY,
  SETTLEMENT_KINDS,
  type SettlementKind,
} from './forex';

/**
 * The forex service's REST contracts, shared by the gateway (which validates and documents them in Swagger) and
 * the forex app (which validates them again on its internal port).
 */
const TX_ID = /^(export|import):[0-9A-Z]{10}([0-9A-Z]{8})?:[^\s]{1,60}$/;
const TX_EXAMPLE = FOREX_TX_EXAMPLE;
const TX_DESCRIPTION =
  'Transaction record id `flow:ebpCode:orderNo` (the example: the console’s example export order; the ids of real records come from GET /v1/forex/transactions)';
/** SWIFT BIC: 4 letters bank, 2 letters country, 2 location, optional 3 branch. */
export const SWIFT_BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
/** CNAPS (大额支付系统行号): 12 digits. */
export const CNAPS_CODE = /^\d{12}$/;

export class SettlementAllocationDto {
  @ApiProperty({
    description: `Transaction record the funds are for. ${TX_DESCRIPTION}`,
    example: TX_EXAMPLE,
  })
  @Matches(TX_ID, { message: 'transactionId must be a transaction record id (flow:ebpCode:orderNo)' })
  transactionId!: string;

  @ApiProperty({
    description:
      'Part of the settlement for this record (decimal string, 2 places at most): for a receipt, the net funds received',
    example: '600.00',
  })
  @Matches(FX_AMOUNT, { message: 'amount must be a decimal string with at most 2 places' })
  amount!: string;
}

export class SettlementRequestDto {
  @ApiProperty({
    description:
      "The bank's own reference of the settlement: the idempotency key (a replay with the same body answers the recorded settlement; another body under it is refused)",
    example: 'BOC-2026-000123',
  })
  @Matches(/^[\w.:/-]{1,64}$/, { message: 'bankReference must be 1–64 letters, digits or ._:/-' })
  bankReference!: string;

  @ApiProperty({
    description:
      'receipt 收汇 (export), payment 付汇 (import), conversion-settle 结汇 (export), conversion-purchase 购汇 (import)',
    enum: SETTLEMENT_KINDS,
    example: 'receipt',
  })
  @IsIn(SETTLEMENT_KINDS)
  kind!: SettlementKind;

  @ApiProperty({ description: 'ISO 4217 currency; every record named must be in it', example: 'CNY' })
  @Matches(ISO_CURRENCY, { message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @ApiProperty({ description: 'Total of the settlement: the sum of the allocations', example: '600.00' })
  @Matches(FX_AMOUNT, { message: 'amount must be a decimal string with at most 2 places' })
  amount!: string;

  @ApiProperty({
    description: 'When the bank settled (ISO 8601); its China-time day picks the exchange rate',
    example: '2026-11-21T10:30:00+08:00',
  })
  @IsISO8601({ strict: true })
  settledAt!: string;

  @ApiProperty({
    type: [SettlementAllocationDto],
    description: 'One or more transaction records (several orders at once)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => SettlementAllocationDto)
  allocations!: SettlementAllocationDto[];
}

export const FEE_KINDS = ['warehousing', 'logistics', 'tax', 'commission'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

export class FeeDeclarationDto {
  @ApiProperty({
    description: "The enterprise's reference of the declaration (idempotency key)",
    example: 'FEE-2026-11-0001',
  })
  @Matches(/^[\w.:/-]{1,64}$/, { message: 'reference must be 1–64 letters, digits or ._:/-' })
  reference!: string;

  @ApiProperty({
    description: `Its own export record the fee was deducted from. ${TX_DESCRIPTION}`,
    example: TX_EXAMPLE,
  })
  @Matches(TX_ID, { message: 'transactionId must be a transaction record id (flow:ebpCode:orderNo)' })
  transactionId!: string;

  @ApiProperty({
    description: 'Overseas warehousing, logistics, tax or platform commission',
    enum: FEE_KINDS,
    example: 'warehousing',
  })
  @IsIn(FEE_KINDS)
  kind!: FeeKind;

  @ApiProperty({ description: 'Fee deducted from the proceeds', example: '42.00' })
  @Matches(FX_AMOUNT, { message: 'amount must be a decimal string with at most 2 places' })
  amount!: string;

  @ApiProperty({ description: 'ISO 4217 currency (that of the record)', example: 'CNY' })
  @Matches(ISO_CURRENCY, { message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @ApiProperty({
    description: 'Evidence references: invoices, warehouse statements, platform bills',
    example: ['INV-WH-2026-1101'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  evidence!: string[];
}

export class AdvancedFeeDto {
  @ApiProperty({ description: 'Reference of the advance (idempotency key)', example: 'ADV-2026-11-0001' })
  @Matches(/^[\w.:/-]{1,64}$/, { message: 'reference must be 1–64 letters, digits or ._:/-' })
  reference!: string;

  @ApiProperty({
    description: 'Customs code of the customer the fee was advanced for (代垫)',
    example: DEMO_ENTERPRISES.seller.customsCode,
  })
  @Matches(ENTERPRISE_CODE, { message: 'customerCode must be a customs or credit code' })
  customerCode!: string;

  @ApiProperty({ enum: FEE_KINDS, example: 'logistics' })
  @IsIn(FEE_KINDS)
  kind!: FeeKind;

  @ApiProperty({ example: '120.00' })
  @Matches(FX_AMOUNT, { message: 'amount must be a decimal string with at most 2 places' })
  amount!: string;

  @ApiProperty({ example: 'USD' })
  @Matches(ISO_CURRENCY, { message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @ApiProperty({ example: ['BL-2026-1101'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  evidence!: string[];
}

/**
 * The page size of forex's lists (1–200). Decimal digits only (Number() would also take `0x10`, `1e2`, ` 5`):
 * anything else stays a string and fails IsInt.
 */
const PageLimit = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Page size (1–200)', example: 50 }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
    ),
    IsInt(),
    Min(1),
    Max(200),
  );

/** Filters of `GET /v1/forex/advanced-fees` (代垫): who advanced, for whom; cursor-paged, newest last. */
export class AdvancedFeeQueryDto {
  @ApiPropertyOptional({ description: 'Cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({
    description: 'Only advances recorded by this enterprise (the one that advanced the fees)',
    example: DEMO_ENTERPRISES.logistics.customsCode,
  })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, { message: 'enterpriseCode must be a customs or credit code' })
  enterpriseCode?: string;

  @ApiPropertyOptional({
    description: 'Only advances made for this customer',
    example: DEMO_ENTERPRISES.seller.customsCode,
  })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, { message: 'customerCode must be a customs or credit code' })
  customerCode?: string;
}

export class TransactionQueryDto {
  @ApiPropertyOptional({ description: 'Cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ enum: FX_FLOWS, example: 'export' })
  @IsOptional()
  @IsIn(FX_FLOWS)
  flow?: FxFlow;

  @ApiPropertyOptional({
    description: 'Only this enterprise (a customer of the bank)',
    example: DEMO_ENTERPRISES.seller.customsCode,
  })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, { message: 'enterpriseCode must be a customs or credit code' })
  enterpriseCode?: string;

  @ApiPropertyOptional({ enum: AUTHENTICITY_STATUSES, example: 'verified' })
  @IsOptional()
  @IsIn(AUTHENTICITY_STATUSES)
  authenticity?: AuthenticityStatus;

  @ApiPropertyOptional({ description: 'Only records with something left to settle', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  unsettled?: 'true' | 'false';

  @ApiPropertyOptional({
    description: 'Recorded at or after (ISO 8601)',
    example: '2026-11-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  recordedFrom?: string;

  @ApiPropertyOptional({ description: `One record by id. ${TX_DESCRIPTION}`, example: TX_EXAMPLE })
  @IsOptional()
  @Matches(TX_ID, { message: 'transactionId must be a transaction record id (flow:ebpCode:orderNo)' })
  transactionId?: string;
}

export class ExchangeRatesDto {
  @ApiProperty({
    type: [ExchangeRateEntry],
    example: [
      { currency: 'CNY', usdPerUnit: '0.1405' },
      { currency: 'EUR', usdPerUnit: '1.0875' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ExchangeRateEntry)
  rates!: ExchangeRateEntry[];
}

export class PersonalAccountDto {
  @ApiProperty({
    description: 'Personal FX settlement account number (个人外汇结算账户)',
    example: '6217000010001234567',
  })
  @Matches(/^[0-9A-Z]{8,34}$/, { message: 'accountNo must be 8–34 digits or capital letters' })
  accountNo!: string;
}

export class RegisterBankDto {
  @ApiProperty({ description: 'SWIFT BIC of the bank (its id on the platform)', example: 'BKCHCNBJ110' })
  @Matches(SWIFT_BIC, { message: 'swiftCode must be a SWIFT BIC (8 or 11 characters)' })
  swiftCode!: string;

  @ApiPropertyOptional({
    description: 'CNAPS bank code (大额支付系统行号, 12 digits)',
    example: '104100000004',
  })
  @IsOptional()
  @Matches(CNAPS_CODE, { message: 'cnapsCode must be 12 digits' })
  cnapsCode?: string;

  @ApiProperty({ description: 'Name of the bank (branch)', example: '中国银行杭州分行' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class EnterpriseBanksDto {
  @ApiProperty({
    description:
      'SWIFT BICs of the banks that hold the enterprise’s FX accounts: those banks see its transaction e-information',
    example: [DEMO_BANK.swiftCode],
  })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(SWIFT_BIC, { each: true, message: 'each bank must be a SWIFT BIC (8 or 11 characters)' })
  bankCodes!: string[];
}
