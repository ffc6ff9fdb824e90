import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { AppStatus, AppType } from '../code-lists';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CUSTOMS_DISTRICT, ENTERPRISE_CODE, GUID } from '../patterns';
import { gnumSequenceViolations } from './ceb303-order';
import { EXPORT_WAYBILL_EXAMPLE } from './ceb505-waybill';
import { EXPORT_INVENTORY_EXAMPLE, TRAF_MODE } from './ceb603-inventory';

/** JGS-20 运输方式 6 邮件运输: the only mode in which conveyance, voyage and bill may stay empty (邮路运输方可为空). */
export const TRAF_MODE_POST = '6';

/** A split message (msgCount > 1) is numbered 1..msgCount (拆分的报文需要连续编号，不得跳号); unsplit is 1 of 1. */
export function messageSequenceViolations(
  head: { msgCount: number; msgSeqNo: number },
  element: string,
): RuleViolation[] {
  if (
    !Number.isInteger(head.msgCount) ||
    !Number.isInteger(head.msgSeqNo) ||
    head.msgSeqNo <= head.msgCount
  ) {
    return [];
  }
  return [
    {
      path: `${element}.msgSeqNo`,
      rule: 'msgSeqNo.withinMsgCount',
      message: `msgSeqNo ${head.msgSeqNo} must not exceed msgCount ${head.msgCount}`,
    },
  ];
}

/** Fields that only postal transport (trafMode 6) may leave empty. */
export function requiredUnlessPostViolations<H extends { trafMode: string }>(
  head: H,
  element: string,
  fields: readonly (keyof H & string)[],
): RuleViolation[] {
  if (head.trafMode === TRAF_MODE_POST || !TRAF_MODE.test(head.trafMode ?? '')) return [];
  return fields
    .filter((field) => {
      const value = head[field];
      return value === undefined || value === null || value === '';
    })
    .map((field) => ({
      path: `${element}.${field}`,
      rule: `${field}.requiredUnlessPost`,
      message: `${field} is required unless the goods go by post (trafMode ${TRAF_MODE_POST}, 邮路运输方可为空)`,
    }));
}

/** Each value (a waybill, a list) at most once in one document. */
export function uniqueViolations(values: string[], element: string, field: string): RuleViolation[] {
  const seen = new Set<string>();
  return values.flatMap((value, i) => {
    if (typeof value !== 'string') return [];
    if (!seen.has(value)) {
      seen.add(value);
      return [];
    }
    return [
      {
        path: `${element}[${i}].${field}`,
        rule: `${field}.unique`,
        message: `${field} ${value} appears more than once`,
      },
    ];
  });
}

/** CEB507 `ArrivalHead` (物流运抵单表头, 202205 export XSD). */
export class ExportArrivalHead {
  @ApiProperty({
    description: '系统唯一序号: 企业系统生成36位唯一序号（英文字母大写）',
    example: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405005',
  })
  @Matches(GUID, {
    message:
      'guid must be 36 characters: digits, upper-case letters and hyphens (「36位唯一序号（英文字母大写）」)',
  })
  guid!: string;

  @ApiProperty({
    description: '报送类型: 1 新增, 2 变更, 3 删除',
    enum: Object.values(AppType),
    example: '1',
  })
  @IsIn(Object.values(AppType))
  appType!: AppType;

  @ApiProperty({ description: '报送时间: 企业报送时间 YYYYMMDDhhmmss', example: '20261121180000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({
    description: '报送状态: 1 暂存, 2 申报 (填写2时 Signature 节点必须填写)',
    enum: Object.values(AppStatus),
    example: '2',
  })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '申报地海关代码: 办理通关手续的4位海关编号', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({
    description: '企业唯一编号: 企业内部标识单证的编号',
    maxLength: 30,
    example: 'ARR20261121000001',
  })
  @IsString()
  @Length(1, 30)
  copNo!: string;

  @ApiPropertyOptional({ description: '预录入编号: 电子口岸标识单证的编号 (C18)' })
  @IsOptional()
  @IsString()
  @Length(18, 18)
  preNo?: string;

  @ApiProperty({
    description: '监管场所经营人代码: 监管场所经营人在海关注册登记的编号。邮路运输用邮政物流企业',
    example: '3301980005',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'operatorCode must be a 10-character customs code or an 18-character credit code',
  })
  operatorCode!: string;

  @ApiProperty({
    description: '监管场所经营人名称: 监管场所经营人在海关注册登记的名称。邮路运输用邮政物流企业',
    maxLength: 100,
    example: '示范保税仓储有限公司',
  })
  @IsString()
  @Length(1, 100)
  operatorName!: string;

  @ApiPropertyOptional({
    description: '监管场所代码: 同一申报地海关下有多个跨境电子商务的监管场所,需要填写区分',
    maxLength: 10,
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  loctNo?: string;

  @ApiProperty({ description: '进出口标记: E 出口 (运抵 is the export arrival)', enum: ['E'], example: 'E' })
  @IsIn(['E'])
  ieFlag!: 'E';

  @ApiProperty({
    description: '运输方式: 海关标准的参数代码《JGS-20 海关业务代码集》运输方式代码 (6 邮件运输)',
    example: '5',
  })
  @Matches(TRAF_MODE, { message: 'trafMode must be a one-character customs transport mode code' })
  trafMode!: string;

  @ApiPropertyOptional({
    description: '提运单号: 货物提单或运单的海运提单、空运总单或汽车载货清单。邮路运输方可为空',
    maxLength: 37,
    example: '999-20261121',
  })
  @IsOptional()
  @IsString()
  @MaxLength(37)
  billNo?: string;

  @ApiProperty({
    description: '境内运输工具编号: 运往海关监管场所的运输工具编号，例如车牌号',
    maxLength: 100,
    example: '浙A12345',
  })
  @IsString()
  @Length(1, 100)
  domesticTrafNo!: string;

  @ApiProperty({ description: '物流企业代码: 物流企业的海关注册登记编号', example: '3301980003' })
  @Matches(ENTERPRISE_CODE, {
    message: 'logisticsCode must be a 10-character customs code or an 18-character credit code',
  })
  logisticsCode!: string;

  @ApiProperty({ description: '物流企业名称', maxLength: 100, example: '示范国际物流有限公司' })
  @IsString()
  @Length(1, 100)
  logisticsName!: string;

  @ApiProperty({ description: '报文总数: 拆分后的报文总数, 未拆分的填1 (N9)', example: 1 })
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  msgCount!: number;

  @ApiProperty({
    description: '报文序号: 当前报文序号，以1开始，未拆分的填1，拆分的报文需要连续编号，不得跳号 (N9)',
    example: 1,
  })
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  msgSeqNo!: number;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** CEB507 `ArrivalList`: one waybill that arrived. */
export class ExportArrivalList {
  @ApiProperty({ description: '序号: 从1开始的递增序号', example: 1 })
  @IsInt()
  @Min(1)
  @Max(99999)
  gnum!: number;

  @ApiProperty({
    description: '物流运单编号: 物流企业的运单包裹面单号',
    maxLength: 32,
    example: 'EXPLN2026112100001',
  })
  @IsString()
  @Length(1, 32)
  logisticsNo!: string;

  @ApiPropertyOptional({
    description: '总包号: 物流企业对于一个提运单下含有多个大包的托盘编号（邮件为邮袋号）',
    maxLength: 37,
    example: 'PKG20261121001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(37)
  totalPackageNo?: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB507 `Arrival`: a head and 0..n waybills (表体允许为空; at most 99999 as gnum is N5). */
export class ExportArrival {
  @ApiProperty({ type: ExportArrivalHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportArrivalHead)
  ArrivalHead!: ExportArrivalHead;

  @ApiPropertyOptional({ type: [ExportArrivalList], maxItems: 99999 })
  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(99999)
  @Type(() => ExportArrivalList)
  ArrivalList?: ExportArrivalList[];
}

/** Rules of an arrival: waybills numbered 1..n and listed once, split numbering, a bill unless by post. */
export function checkExportArrival(arrival: ExportArrival): RuleViolation[] {
  const lines = arrival.ArrivalList ?? [];
  const violations = [
    ...gnumSequenceViolations(lines, 'ArrivalList'),
    ...uniqueViolations(
      lines.map((l) => l.logisticsNo),
      'ArrivalList',
      'logisticsNo',
    ),
  ];
  const head = arrival.ArrivalHead;
  if (head) {
    violations.push(
      ...messageSequenceViolations(head, 'ArrivalHead'),
      ...requiredUnlessPostViolations(head, 'ArrivalHead', ['billNo']),
    );
  }
  return violations;
}

/** The demo parcel arrives by truck at the demo supervised site for the flight under air waybill 999-20261121. */
export const EXPORT_ARRIVAL_EXAMPLE: ExportArrival = {
  ArrivalHead: {
    guid: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405005',
    appType: '1',
    appTime: '20261121180000',
    appStatus: '2',
    customsCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.customsCode,
    copNo: 'ARR20261121000001',
    operatorCode: DEMO_ENTERPRISES.warehouse.customsCode,
    operatorName: DEMO_ENTERPRISES.warehouse.name,
    ieFlag: 'E',
    trafMode: '5',
    billNo: '999-20261121',
    domesticTrafNo: '浙A12345',
    logisticsCode: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsCode,
    logisticsName: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsName,
    msgCount: 1,
    msgSeqNo: 1,
  },
  ArrivalList: [
    { gnum: 1, logisticsNo: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsNo, totalPackageNo: 'PKG20261121001' },
  ],
};

/**
 * An arrival covers many waybills of many orders and carries no order number: it is keyed by the logistics
 * enterprise's own document number (all parts of a split message together), identified per part by msgSeqNo.
 */
export const CEB507: DocumentDescriptor<ExportArrival> = {
  messageType: 'CEB507',
  title: '运抵单 export arrival',
  flow: 'export',
  rootElement: 'CEB507Message',
  documentElement: 'Arrival',
  documentClass: ExportArrival,
  repeatedElements: ['ArrivalList'],
  headElement: 'ArrivalHead',
  senderRole: 'logistics',
  senderCodeField: 'logisticsCode',
  keyOf: (d) => `${d.ArrivalHead.logisticsCode}:${d.ArrivalHead.copNo}`,
  identityOf: (d) => `${d.ArrivalHead.logisticsCode}:${d.ArrivalHead.copNo}:${d.ArrivalHead.msgSeqNo}`,
  versionOf: (d) => ({ appType: d.ArrivalHead.appType, appTime: d.ArrivalHead.appTime }),
  check: checkExportArrival,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_ARRIVAL_EXAMPLE,
};
