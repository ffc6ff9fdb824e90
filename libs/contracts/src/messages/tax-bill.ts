import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { ENTERPRISE_CODE } from '../ceb/patterns';

const AMOUNT = /^-?(0|[1-9]\d{0,13})(\.\d{1,5})?$/;

/** CEB816/818 tax bill status: 1 已生成, 2 已汇总, 3 作废. Payment is recorded beside it (`paid`). */
export const TAX_BILL_STATUSES = ['1', '2', '3'] as const;
export type TaxBillStatus = (typeof TAX_BILL_STATUSES)[number];

/** One line of a tax bill (CEB816 `TaxListRd`). */
export class TaxBillLine {
  @IsInt()
  @Min(1)
  gnum!: number;

  @Matches(/^\d{10}$/)
  gcode!: string;

  @Matches(AMOUNT)
  taxPrice!: string;

  @Matches(AMOUNT)
  customsTax!: string;

  @Matches(AMOUNT)
  valueAddedTax!: string;

  @Matches(AMOUNT)
  consumptionTax!: string;
}

/** Payload of `tax.external.tax-bill.issued.v1`: the e-tax bill (CEB816) of a released import list. */
export class TaxBillIssued {
  @IsString()
  @MaxLength(50)
  taxNo!: string;

  /** Customs list number when known; the list is always named by `listIdentity` and `listMessageId`. */
  @IsOptional()
  @IsString()
  @MaxLength(18)
  invtNo?: string;

  @IsString()
  listIdentity!: string;

  @IsUUID()
  listMessageId!: string;

  @IsUUID()
  assessmentRequestId!: string;

  @Matches(ENTERPRISE_CODE)
  assureCode!: string;

  @Matches(ENTERPRISE_CODE)
  ebcCode!: string;

  @Matches(ENTERPRISE_CODE)
  agentCode!: string;

  @Matches(AMOUNT)
  customsTax!: string;

  @Matches(AMOUNT)
  valueAddedTax!: string;

  @Matches(AMOUNT)
  consumptionTax!: string;

  @Matches(AMOUNT)
  taxTotal!: string;

  @IsIn(TAX_BILL_STATUSES)
  status!: TaxBillStatus;

  @ValidateNested({ each: true })
  @Type(() => TaxBillLine)
  lines!: TaxBillLine[];

  @IsISO8601({ strict: true })
  issuedAt!: string;
}

/** Payload of `tax.external.tax-bill.status-changed.v1` (CEB818): summarised, paid, or void after a return. */
export class TaxBillStatusChanged {
  @IsString()
  @MaxLength(50)
  taxNo!: string;

  @IsString()
  listIdentity!: string;

  @Matches(ENTERPRISE_CODE)
  assureCode!: string;

  @IsIn(TAX_BILL_STATUSES)
  status!: TaxBillStatus;

  @IsIn(TAX_BILL_STATUSES)
  previousStatus!: TaxBillStatus;

  @IsBoolean()
  paid!: boolean;

  /** The consolidated payment summary the bill belongs to (汇总), once summarised. */
  @IsOptional()
  @IsUUID()
  summaryId?: string;

  @IsString()
  @MaxLength(1000)
  note!: string;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
