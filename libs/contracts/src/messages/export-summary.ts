import { Type } from 'class-transformer';
import {
  ArrayMinSize,
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

import { DECIMAL_19_5, ENTERPRISE_CODE } from '../ceb/patterns';

/** One released and departed list that a summary declaration covers. */
export class ExportSummaryListEntry {
  @IsString()
  @MaxLength(20)
  invtNo!: string;

  @IsString()
  @MaxLength(60)
  orderNo!: string;

  /** Gateway message id of the CEB603 list. */
  @IsUUID()
  listMessageId!: string;

  /** Goods value of the list (Σ line totalPrice, FOB) in `currency`. */
  @Matches(DECIMAL_19_5)
  goodsValue!: string;

  @Matches(/^\d{3}$/)
  currency!: string;
}

/** Total goods value of the covered lists in one currency. */
export class ExportSummaryAmount {
  @Matches(/^\d{3}$/)
  currency!: string;

  @Matches(DECIMAL_19_5)
  goodsValue!: string;
}

/**
 * Payload of `customs.external.export-summary.decided.v1`: the answer to a CEB701 summary request, in the manner
 * of the CEB792 汇总结果单 — which released and departed lists of one consignor (and producer, with summaryFlag 2)
 * under one trade mode are summarised into one summary declaration, and their totals.
 */
export class ExportSummaryResult {
  /** Summary number customs assigns (4位关区 + 4位年 + S + 9位流水号). */
  @IsString()
  @MaxLength(20)
  sumNo!: string;

  /** Gateway message id of the CEB701 request. */
  @IsUUID()
  requestMessageId!: string;

  @IsString()
  @MaxLength(30)
  copNo!: string;

  @Matches(/^\d{4}$/)
  customsCode!: string;

  @Matches(ENTERPRISE_CODE)
  agentCode!: string;

  @Matches(ENTERPRISE_CODE)
  declAgentCode!: string;

  @Matches(ENTERPRISE_CODE)
  ebcCode!: string;

  /** The producer/seller the lists were grouped by (summaryFlag 2 only). */
  @IsOptional()
  @IsString()
  @MaxLength(18)
  ownerCode?: string;

  @IsIn(['1', '2'])
  summaryFlag!: '1' | '2';

  @Matches(/^\d{4}$/)
  tradeMode!: string;

  /** The period asked for (YYYYMMDDhhmmss, China time), when the request gave one instead of list numbers. */
  @IsOptional()
  @Matches(/^\d{14}$/)
  startTime?: string;

  @IsOptional()
  @Matches(/^\d{14}$/)
  endTime?: string;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => ExportSummaryListEntry)
  lists!: ExportSummaryListEntry[];

  @IsInt()
  @Min(1)
  listCount!: number;

  @ValidateNested({ each: true })
  @Type(() => ExportSummaryAmount)
  totals!: ExportSummaryAmount[];

  @Matches(DECIMAL_19_5)
  grossWeight!: string;

  @Matches(DECIMAL_19_5)
  netWeight!: string;

  @IsInt()
  @Min(0)
  packNo!: number;

  @IsISO8601({ strict: true })
  decidedAt!: string;
}
