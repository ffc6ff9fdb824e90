import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
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
import { uniqueViolations } from '../export/ceb507-arrival';
import { gnumSequenceViolations } from '../export/ceb303-order';
import { TRAF_MODE } from '../export/ceb603-inventory';
import { APP_TIME, CUSTOMS_DISTRICT, ENTERPRISE_CODE, GUID } from '../patterns';
import { EXAMPLE_LOGISTICS_NO } from './ceb511-waybill';

/** CEB711 `DeliveryHead` (入库明细单表头, 202205 import XSD): the supervised site's arrival of one bill. */
export class DeliveryHead {
  @ApiProperty({
    description: '系统唯一序号: 36位系统唯一序号（英文字母大写）',
    example: '9B1C2D3E-4F50-4A6B-8C7D-8E9FA0B17110',
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

  @ApiProperty({ description: '业务时间 YYYYMMDDhhmmss', example: '20261122080000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '企业报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '申报地海关代码: 4位海关编号', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({
    description: '企业唯一编号 (入库明细单的企业编号)',
    maxLength: 20,
    example: 'RK20261122000001',
  })
  @IsString()
  @Length(1, 20)
  copNo!: string;

  @ApiPropertyOptional({ description: '预录入编号 (C18)' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  preNo?: string;

  @ApiPropertyOptional({ description: '入库单号 (海关审核后生成, C18)' })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  rkdNo?: string;

  @ApiProperty({
    description: '监管场所经营人代码: 10位海关代码或者18位信用代码 (the sender: 海关监管作业场所经营企业)',
    example: DEMO_ENTERPRISES.warehouse.customsCode,
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'operatorCode must be a 10-character customs code or an 18-character credit code',
  })
  operatorCode!: string;

  @ApiProperty({
    description: '监管场所经营人名称',
    maxLength: 100,
    example: DEMO_ENTERPRISES.warehouse.name,
  })
  @IsString()
  @Length(1, 100)
  operatorName!: string;

  @ApiProperty({ description: '进出口标记: I 进口 (入库明细单只用于进口)', enum: ['I'], example: 'I' })
  @IsIn(['I'])
  ieFlag!: string;

  @ApiProperty({ description: '运输方式: 海关标准的参数代码《JGS-20 海关业务代码集》', example: '5' })
  @Matches(TRAF_MODE, { message: 'trafMode must be a one-character customs transport mode code' })
  trafMode!: string;

  @ApiProperty({ description: '运输工具编号', maxLength: 100, example: 'B-2447' })
  @IsString()
  @Length(1, 100)
  trafNo!: string;

  @ApiProperty({ description: '航班航次号', maxLength: 32, example: 'CA984' })
  @IsString()
  @Length(1, 32)
  voyageNo!: string;

  @ApiProperty({ description: '提运单号 (总运单号)', maxLength: 37, example: '999-20261122' })
  @IsString()
  @Length(1, 37)
  billNo!: string;

  @ApiProperty({
    description: '物流企业代码: 10位海关代码或者18位信用代码',
    example: DEMO_ENTERPRISES.logistics.customsCode,
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'logisticsCode must be a 10-character customs code or an 18-character credit code',
  })
  logisticsCode!: string;

  @ApiProperty({ description: '物流企业名称', maxLength: 100, example: DEMO_ENTERPRISES.logistics.name })
  @IsString()
  @Length(1, 100)
  logisticsName!: string;

  @ApiPropertyOptional({ description: '卸货地点', maxLength: 100, example: '杭州萧山机场跨境电商监管中心' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unloadLocation?: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** CEB711 `DeliveryList`: one waybill that arrived. */
export class DeliveryList {
  @ApiProperty({ description: '序号: 从1开始的递增序号', example: 1 })
  @IsInt()
  @Min(1)
  @Max(99999)
  gnum!: number;

  @ApiProperty({ description: '物流运单编号', maxLength: 60, example: EXAMPLE_LOGISTICS_NO })
  @IsString()
  @Length(1, 60)
  logisticsNo!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB711 `Delivery` (the message holds exactly one): a head and 1..n waybills. */
export class ImportDelivery {
  @ApiProperty({ type: DeliveryHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => DeliveryHead)
  DeliveryHead!: DeliveryHead;

  @ApiProperty({ type: [DeliveryList], minItems: 1, maxItems: 99999 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(99999)
  @Type(() => DeliveryList)
  DeliveryList!: DeliveryList[];
}

/** Rules of an arrival declaration: waybills numbered 1..n and listed once. */
export function checkImportDelivery(delivery: ImportDelivery): RuleViolation[] {
  const lines = delivery.DeliveryList ?? [];
  return [
    ...gnumSequenceViolations(lines, 'DeliveryList'),
    ...uniqueViolations(
      lines.map((l) => l.logisticsNo),
      'DeliveryList',
      'logisticsNo',
    ),
  ];
}

/** The demo parcel (the import waybill of the demo set) arrives at the supervised site on flight CA984. */
export const IMPORT_DELIVERY_EXAMPLE: ImportDelivery = {
  DeliveryHead: {
    guid: '9B1C2D3E-4F50-4A6B-8C7D-8E9FA0B17110',
    appType: '1',
    appTime: '20261122080000',
    appStatus: '2',
    customsCode: '2924',
    copNo: 'RK20261122000001',
    operatorCode: DEMO_ENTERPRISES.warehouse.customsCode,
    operatorName: DEMO_ENTERPRISES.warehouse.name,
    ieFlag: 'I',
    trafMode: '5',
    trafNo: 'B-2447',
    voyageNo: 'CA984',
    billNo: '999-20261122',
    logisticsCode: DEMO_ENTERPRISES.logistics.customsCode,
    logisticsName: DEMO_ENTERPRISES.logistics.name,
    unloadLocation: '杭州萧山机场跨境电商监管中心',
  },
  DeliveryList: [{ gnum: 1, logisticsNo: EXAMPLE_LOGISTICS_NO }],
};

/** Many waybills, no order number: keyed by the site operator's document number, like the export arrival. */
export const CEB711: DocumentDescriptor<ImportDelivery> = {
  messageType: 'CEB711',
  title: '入库明细单 import arrival at the supervised site',
  flow: 'import',
  rootElement: 'CEB711Message',
  documentElement: 'Delivery',
  documentClass: ImportDelivery,
  repeatedElements: ['DeliveryList'],
  headElement: 'DeliveryHead',
  senderRole: 'warehouse',
  senderCodeField: 'operatorCode',
  keyOf: (d) => `${d.DeliveryHead.operatorCode}:${d.DeliveryHead.copNo}`,
  identityOf: (d) => `${d.DeliveryHead.operatorCode}:${d.DeliveryHead.copNo}`,
  versionOf: (d) => ({ appType: d.DeliveryHead.appType, appTime: d.DeliveryHead.appTime }),
  check: checkImportDelivery,
  personalDataPaths: [],
  personFields: [],
  example: IMPORT_DELIVERY_EXAMPLE,
};
