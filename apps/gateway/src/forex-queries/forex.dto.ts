import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  AUTHENTICITY_STATUSES,
  DEMO_BANK,
  DEMO_ENTERPRISES,
  DEMO_INDIVIDUAL_SELLER,
  DIRECTORY_STATUSES,
  EXPORT_ORDER_EXAMPLE,
  FOREX_TX_EXAMPLE,
  SETTLEMENT_KINDS,
} from '@swx/contracts';

const TX = FOREX_TX_EXAMPLE;
const SELLER = DEMO_ENTERPRISES.seller.customsCode;
const BANK = DEMO_BANK.swiftCode;
const UUID = '3f1c9a52-8d44-4c0e-9b7a-1e2d3c4b5a69';

export class BankResponse {
  @ApiProperty({ example: 'BKCHCNBJ110' })
  swiftCode!: string;

  @ApiProperty({ nullable: true, type: String, example: '104100000004' })
  cnapsCode!: string | null;

  @ApiProperty({ example: '中国银行杭州分行' })
  name!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-21T09:30:00.000Z' })
  createdAt!: string;
}

export class BankListResponse {
  @ApiProperty({ type: [BankResponse] })
  items!: BankResponse[];
}

export class EnterpriseBanksResponse {
  @ApiProperty({ example: SELLER })
  enterpriseCode!: string;

  @ApiProperty({ example: [BANK] })
  bankCodes!: string[];
}

class TransactionDocuments {
  @ApiProperty({
    nullable: true,
    type: String,
    example: UUID,
    description: 'Gateway message id of the CEB303 order',
  })
  order!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: UUID,
    description: 'CEB403 receipt / CEB411 payment',
  })
  receipt!: string | null;

  @ApiProperty({ nullable: true, type: String, example: UUID, description: 'CEB603 / CEB621 list' })
  list!: string | null;
}

export class TransactionResponse {
  @ApiProperty({ example: TX })
  transactionId!: string;

  @ApiProperty({
    example: 2,
    description: 'Increases with every change (authenticity, reversal, settlement)',
  })
  version!: number;

  @ApiProperty({ enum: ['export', 'import'], example: 'export' })
  flow!: string;

  @ApiProperty({ example: SELLER, description: 'The seller (ebcCode): the bank customer' })
  enterpriseCode!: string;

  @ApiProperty({ nullable: true, type: String, example: DEMO_ENTERPRISES.seller.name })
  enterpriseName!: string | null;

  @ApiProperty({ example: DEMO_ENTERPRISES.platform.customsCode })
  ebpCode!: string;

  @ApiProperty({ example: EXPORT_ORDER_EXAMPLE.OrderHead.orderNo })
  orderNo!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'PayPal Pte. Ltd.',
    description:
      'Who paid (export: the CEB403 payment enterprise collecting from the overseas buyer; import: the CEB411 payment company)',
  })
  payerName!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'PAY20261121000001' })
  payNo!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '502',
    description: 'Destination (export) or origin country, customs code',
  })
  country!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '9610',
    description: 'Trade mode 9610/9710/9810/1210',
  })
  tradeMode!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'CNY',
    description: 'ISO 4217 (mapped from the customs code)',
  })
  currency!: string | null;

  @ApiProperty({ example: '642.00', description: 'Declared amount to receive (export) or pay (import)' })
  declaredAmount!: string;

  @ApiProperty({ example: '0.00', description: 'Value returned or cancelled since' })
  reversedAmount!: string;

  @ApiProperty({ example: '600.00', description: 'Settled by banks (net of deducted fees)' })
  settledAmount!: string;

  @ApiProperty({ example: '0.00', description: 'Converted (结汇 / 购汇)' })
  convertedAmount!: string;

  @ApiProperty({ example: '42.00', description: 'Overseas fees declared deducted (netting 轧差)' })
  feesAmount!: string;

  @ApiProperty({ example: '0.00', description: 'Still settleable: declared − reversed − settled − fees' })
  remainingAmount!: string;

  @ApiProperty({ nullable: true, type: String, example: 'C20261121000001' })
  listCopNo!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '29242026E000000001' })
  invtNo!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'LN20261121000001' })
  logisticsNo!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'DEP20261121000001',
    description: 'CEB509 departure copNo',
  })
  departureCopNo!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-21T06:00:00.000Z' })
  departedAt!: string | null;

  @ApiProperty({ type: TransactionDocuments })
  documents!: TransactionDocuments;

  @ApiProperty({ enum: AUTHENTICITY_STATUSES, example: 'verified' })
  authenticity!: string;

  @ApiProperty({
    type: [String],
    example: [],
    description: 'Why it is not verified (missing or differing documents)',
  })
  authenticityReasons!: string[];

  @ApiProperty({ format: 'date-time', example: '2026-11-21T06:00:01.000Z' })
  recordedAt!: string;
}

export class TransactionPageResponse {
  @ApiProperty({ type: [TransactionResponse] })
  items!: TransactionResponse[];

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Pass as `cursor` for the next page',
  })
  nextCursor!: string | null;
}

class SettlementAllocationResponse {
  @ApiProperty({ example: TX })
  transactionId!: string;

  @ApiProperty({ example: '600.00' })
  amount!: string;

  @ApiProperty({ example: '0.00' })
  remainingAmount!: string;
}

export class SettlementResponse {
  @ApiProperty({ example: UUID })
  settlementId!: string;

  @ApiProperty({ example: BANK })
  bankCode!: string;

  @ApiProperty({ example: 'BOC-2026-000123' })
  bankReference!: string;

  @ApiProperty({ enum: SETTLEMENT_KINDS, example: 'receipt' })
  kind!: string;

  @ApiProperty({ example: 'CNY' })
  currency!: string;

  @ApiProperty({ example: '600.00' })
  amount!: string;

  @ApiProperty({ example: '84.00', description: 'US$ equivalent (名录 figures)' })
  usdAmount!: string;

  @ApiProperty({ example: '2026-01-01', description: 'Day of the exchange rates used' })
  rateDate!: string;

  @ApiProperty({ example: 1 })
  rateVersion!: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-21T02:30:00.000Z' })
  settledAt!: string;

  @ApiProperty({ type: [SettlementAllocationResponse] })
  allocations!: SettlementAllocationResponse[];

  @ApiProperty({ example: false, description: 'true when this answers a replay of a recorded reference' })
  replayed!: boolean;
}

export class FeeResponse {
  @ApiProperty({ example: false })
  replayed!: boolean;

  @ApiProperty({ example: '600.00', description: 'What remains settleable on the record after the fee' })
  remainingAmount!: string;
}

export class AdvanceResponse {
  @ApiProperty({ example: false })
  replayed!: boolean;
}

class AdvancedFeeResponse {
  @ApiProperty({ example: DEMO_ENTERPRISES.logistics.customsCode, description: 'Who advanced the fee' })
  enterpriseCode!: string;

  @ApiProperty({ example: 'ADV-2026-11-0001' })
  reference!: string;

  @ApiProperty({ example: SELLER, description: 'The customer it was advanced for' })
  customerCode!: string;

  @ApiProperty({ enum: ['warehousing', 'logistics', 'tax', 'commission'], example: 'logistics' })
  kind!: string;

  @ApiProperty({ example: '120.00' })
  amount!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ type: [String], example: ['BL-2026-1101'] })
  evidence!: string[];

  @ApiProperty({ format: 'date-time', example: '2026-11-21T02:30:00.000Z' })
  advancedAt!: string;
}

class AdvancedFeeTotalResponse {
  @ApiProperty({ example: SELLER })
  customerCode!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ example: 1 })
  count!: number;

  @ApiProperty({ example: '120.00', description: 'Sum of the advances for the customer in that currency' })
  amount!: string;
}

export class AdvancedFeePageResponse {
  @ApiProperty({ type: [AdvancedFeeResponse] })
  items!: AdvancedFeeResponse[];

  @ApiProperty({
    type: [AdvancedFeeTotalResponse],
    description: 'Per customer and currency, over every advance the filters select (all pages)',
  })
  totals!: AdvancedFeeTotalResponse[];

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Pass as `cursor` for the next page',
  })
  nextCursor!: string | null;
}

class RateResponse {
  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: '1.085' })
  usdPerUnit!: string;
}

export class RatesResponse {
  @ApiProperty({ example: '2026-11-21' })
  date!: string;

  @ApiProperty({ example: 2 })
  version!: number;

  @ApiProperty({ type: [RateResponse] })
  rates!: RateResponse[];

  @ApiPropertyOptional({ example: true })
  loadedByOperator?: boolean;
}

class DirectoryYearResponse {
  @ApiProperty({ example: SELLER })
  enterpriseCode!: string;

  @ApiProperty({ example: '2026' })
  year!: string;

  @ApiProperty({ example: '200000.00' })
  receiptsUsd!: string;

  @ApiProperty({ example: '0.00' })
  paymentsUsd!: string;

  @ApiProperty({ example: '200000.00' })
  thresholdUsd!: string;

  @ApiProperty({ enum: DIRECTORY_STATUSES, example: 'registration-required' })
  status!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-21T02:30:00.000Z' })
  registrationSentAt!: string | null;
}

export class DirectoryResponse {
  @ApiProperty({ type: [DirectoryYearResponse] })
  items!: DirectoryYearResponse[];
}

class FindingResponse {
  @ApiProperty({ example: SELLER })
  enterpriseCode!: string;

  @ApiProperty({ enum: ['export', 'import'], example: 'export' })
  flow!: string;

  @ApiProperty({ example: '89.88' })
  declaredUsd!: string;

  @ApiProperty({ example: '0.00' })
  settledUsd!: string;

  @ApiProperty({ example: '1.0000' })
  deviation!: string;

  @ApiProperty({ example: true })
  anomalous!: boolean;

  @ApiProperty({ example: `forex:total-volume:export:${SELLER}:2026-11` })
  anomalyId!: string;

  @ApiProperty({ enum: ['detected', 'withdrawn', 'none'], example: 'detected' })
  status!: string;
}

export class VerificationReportResponse {
  @ApiProperty({ example: '2026-11' })
  period!: string;

  @ApiProperty({ example: '0.2' })
  threshold!: string;

  @ApiProperty({ type: [FindingResponse] })
  findings!: FindingResponse[];
}

class AnomalyResponse {
  @ApiProperty({ example: `forex:total-volume:export:${SELLER}:2026-11` })
  anomalyId!: string;

  @ApiProperty({ example: SELLER })
  enterpriseCode!: string;

  @ApiProperty({ example: '2026-11' })
  period!: string;

  @ApiProperty({ example: 'forex.totalVolumeExport' })
  kind!: string;

  @ApiProperty({ enum: ['detected', 'withdrawn'], example: 'detected' })
  status!: string;

  @ApiProperty({ example: '89.88' })
  declaredUsd!: string;

  @ApiProperty({ example: '0.00' })
  settledUsd!: string;

  @ApiProperty({ example: '出口收汇总量核查: 申报出口 US$89.88，收汇 US$0.00，偏离 100.00%' })
  reason!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-30T02:00:00.000Z' })
  updatedAt!: string;
}

export class AnomalyListResponse {
  @ApiProperty({ type: [AnomalyResponse] })
  items!: AnomalyResponse[];
}

export class PersonalLedgerResponse {
  @ApiProperty({ example: DEMO_INDIVIDUAL_SELLER.customsCode })
  customsCode!: string;

  @ApiProperty({ nullable: true, type: String, example: '6217000010001234567' })
  accountNo!: string | null;

  @ApiProperty({ nullable: true, type: String, example: BANK })
  bankCode!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-21T02:30:00.000Z' })
  openedAt!: string | null;

  @ApiProperty({ example: '2026' })
  year!: string;

  @ApiProperty({
    example: '1200.00',
    description: 'E-commerce settlements on the personal FX settlement account this year, US$',
  })
  ecommerceSettledUsd!: string;

  @ApiProperty({
    example: '50000.00',
    description:
      'The personal annual quota (个人年度便利化额度), for reference: `ecommerceSettledUsd` is not counted against it. ' +
      'How much of it the person used (their other 结售汇, at banks) the platform does not know, so it is not shown.',
  })
  personalQuotaUsd!: string;

  @ApiProperty({
    example:
      '跨境电子商务项下结算不占用个人年度等值5万美元便利化额度；额度使用情况由银行在个人外汇业务系统中登记，平台不掌握',
  })
  note!: string;
}
