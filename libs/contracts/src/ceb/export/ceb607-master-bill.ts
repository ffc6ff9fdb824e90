import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
import { APP_TIME, CUSTOMS_DISTRICT, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import { gnumSequenceViolations } from './ceb303-order';
import { EXPORT_WAYBILL_EXAMPLE } from './ceb505-waybill';
import { EXPORT_ARRIVAL_EXAMPLE, messageSequenceViolations, uniqueViolations } from './ceb507-arrival';
import { EXPORT_INVENTORY_EXAMPLE, TRAF_MODE } from './ceb603-inventory';

/** CEB607 `WayBillHead` (清单总分单表头, 202205 export XSD): the master bill (提运单) of a consolidated shipment. */
export class MasterBillHead {
  @ApiProperty({
    description: '系统唯一序号: 36位系统唯一序号（英文字母大写）',
    example: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F406007',
  })
  @Matches(GUID, {
    message:
      'guid must be 36 characters: digits, upper-case letters and hyphens (「36位唯一序号（英文字母大写）」)',
  })
  guid!: string;

  @ApiProperty({
    description: '申报类型: 1 新增, 2 变更, 3 删除',
    enum: Object.values(AppType),
    example: '1',
  })
  @IsIn(Object.values(AppType))
  appType!: AppType;

  @ApiProperty({ description: '业务时间 YYYYMMDDhhmmss', example: '20261121190000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '企业报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '申报海关代码: 办理通关手续的4位海关编号', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({ description: '企业唯一编号', maxLength: 30, example: 'MB20261121000001' })
  @IsString()
  @Length(1, 30)
  copNo!: string;

  @ApiPropertyOptional({ description: '预录入编号 (C18)' })
  @IsOptional()
  @IsString()
  @Length(18, 18)
  preNo?: string;

  @ApiProperty({
    description: '申报企业代码: 海关注册登记编号或统一社会信用代码 (the sender)',
    example: DEMO_ENTERPRISES.agent.customsCode,
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'agentCode must be a 10-character customs code or an 18-character credit code',
  })
  agentCode!: string;

  @ApiProperty({ description: '申报企业名称', maxLength: 100, example: DEMO_ENTERPRISES.agent.name })
  @IsString()
  @Length(1, 100)
  agentName!: string;

  @ApiPropertyOptional({ description: '监管场所代码', maxLength: 10, example: '2924A' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  loctNo?: string;

  @ApiProperty({ description: '运输方式代码, 海关参数代码', example: '5' })
  @Matches(TRAF_MODE, { message: 'trafMode must be a one-character customs transport mode code' })
  trafMode!: string;

  @ApiProperty({ description: '运输工具名称', maxLength: 100, example: 'B-2447' })
  @IsString()
  @Length(1, 100)
  trafName!: string;

  @ApiProperty({ description: '航班航次号, 物流企业提供', maxLength: 32, example: 'CA983' })
  @IsString()
  @Length(1, 32)
  voyageNo!: string;

  @ApiProperty({ description: '提运单号 (总单号), 物流企业提供', maxLength: 37, example: '999-20261121' })
  @IsString()
  @Length(1, 37)
  billNo!: string;

  @ApiPropertyOptional({ description: '境内运输工具编号: 运往海关监管场所的运输工具编号, 例如车牌号' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  domesticTrafNo?: string;

  @ApiProperty({ description: '毛重（千克）N19,5', example: '1.2' })
  @Matches(DECIMAL_19_5, { message: 'grossWeight must be a decimal string N19,5' })
  grossWeight!: string;

  @ApiProperty({ description: '物流企业代码', example: DEMO_ENTERPRISES.logistics.customsCode })
  @Matches(ENTERPRISE_CODE, {
    message: 'logisticsCode must be a 10-character customs code or an 18-character credit code',
  })
  logisticsCode!: string;

  @ApiProperty({ description: '物流企业名称', maxLength: 100, example: DEMO_ENTERPRISES.logistics.name })
  @IsString()
  @Length(1, 100)
  logisticsName!: string;

  @ApiProperty({ description: '报文总数: 拆分后的报文数, 未拆分的填1 (N9)', example: 1 })
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  msgCount!: number;

  @ApiProperty({ description: '报文序号: 以1开始, 拆分的报文需要连续编号, 不得跳号 (N9)', example: 1 })
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

/** CEB607 `WayBillList`: one waybill (分单) under the master bill, with its export list when known. */
export class MasterBillList {
  @ApiProperty({ description: '项号: 从1开始连续序号', example: 1 })
  @IsInt()
  @Min(1)
  @Max(99999)
  gnum!: number;

  @ApiPropertyOptional({
    description: '总包号 (托盘编号, 邮件为邮袋号)',
    maxLength: 60,
    example: 'PKG20261121001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  totalPackageNo?: string;

  @ApiProperty({
    description: '物流运单编号',
    maxLength: 32,
    example: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsNo,
  })
  @IsString()
  @Length(1, 32)
  logisticsNo!: string;

  @ApiPropertyOptional({ description: '原出口清单编号', maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  invtNo?: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB607 `WayBill`: a master bill and its waybills (absent only on a deletion, appType 3). */
export class ExportMasterBill {
  @ApiProperty({ type: MasterBillHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => MasterBillHead)
  WayBillHead!: MasterBillHead;

  @ApiProperty({ type: [MasterBillList], minItems: 1, maxItems: 99999 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(99999)
  @Type(() => MasterBillList)
  WayBillList!: MasterBillList[];
}

/** Rules of a master bill: waybills numbered 1..n, each once; split numbering within msgCount. */
export function checkExportMasterBill(bill: ExportMasterBill): RuleViolation[] {
  const lines = bill.WayBillList ?? [];
  const violations = [
    ...gnumSequenceViolations(lines, 'WayBillList'),
    ...uniqueViolations(
      lines.map((l) => l.logisticsNo),
      'WayBillList',
      'logisticsNo',
    ),
  ];
  if (bill.WayBillHead) violations.push(...messageSequenceViolations(bill.WayBillHead, 'WayBillHead'));
  return violations;
}

/** The demo parcel consolidated under the air waybill it arrives and departs with. */
export const EXPORT_MASTER_BILL_EXAMPLE: ExportMasterBill = {
  WayBillHead: {
    guid: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F406007',
    appType: '1',
    appTime: '20261121190000',
    appStatus: '2',
    customsCode: EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.customsCode,
    copNo: 'MB20261121000001',
    agentCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.agentCode,
    agentName: EXPORT_INVENTORY_EXAMPLE.InventoryHead.agentName,
    trafMode: EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.trafMode,
    trafName: 'B-2447',
    voyageNo: 'CA983',
    billNo: EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.billNo ?? '999-20261121',
    grossWeight: EXPORT_WAYBILL_EXAMPLE.Logistics.grossWeight,
    logisticsCode: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsCode,
    logisticsName: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsName,
    msgCount: 1,
    msgSeqNo: 1,
  },
  WayBillList: [
    { gnum: 1, totalPackageNo: 'PKG20261121001', logisticsNo: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsNo },
  ],
};

/** Like the departure: many waybills, no order number, so keyed by the declarant's document number. */
export const CEB607: DocumentDescriptor<ExportMasterBill> = {
  messageType: 'CEB607',
  title: '清单总分单 export master bill',
  flow: 'export',
  rootElement: 'CEB607Message',
  documentElement: 'WayBill',
  documentClass: ExportMasterBill,
  repeatedElements: ['WayBillList'],
  headElement: 'WayBillHead',
  senderRole: 'agent',
  senderCodeField: 'agentCode',
  keyOf: (d) => `${d.WayBillHead.agentCode}:${d.WayBillHead.copNo}`,
  identityOf: (d) => `${d.WayBillHead.agentCode}:${d.WayBillHead.copNo}:${d.WayBillHead.msgSeqNo}`,
  versionOf: (d) => ({ appType: d.WayBillHead.appType, appTime: d.WayBillHead.appTime }),
  check: checkExportMasterBill,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_MASTER_BILL_EXAMPLE,
};
