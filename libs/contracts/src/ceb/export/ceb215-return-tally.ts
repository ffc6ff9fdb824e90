import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import { AppStatus, AppType } from '../code-lists';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CUSTOMS_DISTRICT, ENTERPRISE_CODE, GUID } from '../patterns';
import { EXPORT_REFUND_EXAMPLE } from './ceb213-refund';
import { TRAF_MODE } from './ceb603-inventory';

/**
 * CEB215 `InvtRefundDetail` (202205 export XSD, 退运理货明细单（运抵）): the operator of the supervised site
 * (监管场所经营人) reports that the parcel of an export return arrived back and was tallied. One element under the
 * root. The XSD's annotations of `operatorName` and `logisticsCode` are swapped; the element names are what count.
 */
export class ExportInvtRefundDetail {
  @ApiProperty({
    description: '系统唯一序号: 企业系统生成36位唯一序号（英文字母大写）',
    example: '9B1D4E7A-2C5F-4D83-A6E0-7F3C8B2D0215',
  })
  @Matches(GUID, { message: 'guid must be the 36-character unique number of the enterprise system' })
  guid!: string;

  @ApiProperty({
    description: '报送类型: 1 新增, 2 变更, 3 删除',
    enum: Object.values(AppType),
    example: '1',
  })
  @IsIn(Object.values(AppType))
  appType!: AppType;

  @ApiProperty({ description: '报送时间 YYYYMMDDhhmmss', example: '20261205150000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '申报地海关代码: 4位海关编号《海关关区代码》', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({
    description: '监管场所经营人代码: 监管场所经营人在海关注册登记的编号，邮政运输用邮政物流企业',
    example: '3301980005',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'operatorCode must be a 10-character customs code or an 18-character credit code',
  })
  operatorCode!: string;

  @ApiProperty({ description: '监管场所经营人名称', maxLength: 100, example: '示范保税仓储有限公司' })
  @IsString()
  @Length(1, 100)
  operatorName!: string;

  @ApiProperty({
    description: '物流企业代码: 可以与原物流企业一致，也可以是进境物流企业 (退货申请单的物流企业)',
    example: '3301980003',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'logisticsCode must be a 10-character customs code or an 18-character credit code',
  })
  logisticsCode!: string;

  @ApiProperty({ description: '物流企业名称', maxLength: 100, example: '示范国际物流有限公司' })
  @IsString()
  @Length(1, 100)
  logisticsName!: string;

  @ApiProperty({
    description: '物流运单编号: 可以与原出口运单号一致，也可以是进境运单号 (退货申请单的运单号)',
    maxLength: 80,
    example: 'RTNLN2026120100001',
  })
  @IsString()
  @Length(1, 80)
  logisticsNo!: string;

  @ApiPropertyOptional({ description: '原出口清单号', maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  invtNo?: string;

  @ApiProperty({ description: '企业内部标识单证的编号', maxLength: 20, example: 'TALLY2026120500001' })
  @IsString()
  @Length(1, 20)
  coElNo!: string;

  @ApiPropertyOptional({ description: '电子口岸标识单证的编号', maxLength: 18 })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  preNo?: string;

  @ApiProperty({
    description: '提单或总运单的编号，如无则填物流运单号',
    maxLength: 37,
    example: '999-20261201',
  })
  @IsString()
  @Length(1, 37)
  billNo!: string;

  @ApiProperty({ description: '进出口标记: 出口退货填I', enum: ['I'], example: 'I' })
  @IsIn(['I'])
  ieFlag!: 'I';

  @ApiProperty({ description: '运输方式代码 (JGS-20)', example: '5' })
  @Matches(TRAF_MODE, { message: 'trafMode must be a one-character customs transport mode code' })
  trafMode!: string;

  @ApiProperty({ description: '运输工具名称', maxLength: 100, example: 'CA988' })
  @IsString()
  @Length(1, 100)
  trafName!: string;

  @ApiProperty({ description: '航班航次号', maxLength: 32, example: 'CA988/20261201' })
  @IsString()
  @Length(1, 32)
  voyageNo!: string;

  @ApiPropertyOptional({ description: '卸货堆货的仓储位置', maxLength: 250, example: 'A区-03-12' })
  @IsOptional()
  @IsString()
  @MaxLength(250)
  location?: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 250 })
  @IsOptional()
  @IsString()
  @MaxLength(250)
  note?: string;
}

/** One CEB215 document: `InvtRefundDetail` sits directly under the root, so its JSON is that one key. */
export class ExportReturnTally {
  @ApiProperty({ type: ExportInvtRefundDetail })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportInvtRefundDetail)
  InvtRefundDetail!: ExportInvtRefundDetail;
}

/** A tally has no amounts or lines: it must name an accepted return, which customs checks against what it holds. */
export function checkExportReturnTally(_tally: ExportReturnTally): RuleViolation[] {
  return [];
}

const refund = EXPORT_REFUND_EXAMPLE.InvtRefundHead;

/** The example tally of the demo set: the demo site tallies the parcel of the example return. */
export const EXPORT_RETURN_TALLY_EXAMPLE: ExportReturnTally = {
  InvtRefundDetail: {
    guid: '9B1D4E7A-2C5F-4D83-A6E0-7F3C8B2D0215',
    appType: '1',
    appTime: '20261205150000',
    appStatus: '2',
    customsCode: refund.customsCode,
    operatorCode: DEMO_ENTERPRISES.warehouse.customsCode,
    operatorName: DEMO_ENTERPRISES.warehouse.name,
    logisticsCode: refund.logisticsCode,
    logisticsName: refund.logisticsName,
    logisticsNo: refund.logisticsNo,
    invtNo: refund.invtNo,
    coElNo: 'TALLY2026120500001',
    billNo: refund.billNo,
    ieFlag: 'I',
    trafMode: refund.trafMode,
    trafName: refund.trafName,
    voyageNo: refund.voyageNo,
    location: 'A区-03-12',
  },
};

/**
 * Sent by the operator of the supervised site (REFERENCE.md 3.2: 监管场所经营人 `operatorCode`), registered with
 * the warehouse role like the operator named on the arrival (CEB507). Keyed like the parcel it tallies.
 */
export const CEB215: DocumentDescriptor<ExportReturnTally> = {
  messageType: 'CEB215',
  title: '退运理货明细单（运抵） export return tally',
  flow: 'export',
  rootElement: 'CEB215Message',
  documentElement: 'InvtRefundDetail',
  documentClass: ExportReturnTally,
  repeatedElements: [],
  headElement: 'InvtRefundDetail',
  senderRole: 'warehouse',
  senderCodeField: 'operatorCode',
  keyOf: (d) => `${d.InvtRefundDetail.logisticsCode}:${d.InvtRefundDetail.logisticsNo}`,
  identityOf: (d) => `${d.InvtRefundDetail.operatorCode}:${d.InvtRefundDetail.coElNo}`,
  versionOf: (d) => ({ appType: d.InvtRefundDetail.appType, appTime: d.InvtRefundDetail.appTime }),
  check: checkExportReturnTally,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_RETURN_TALLY_EXAMPLE,
};
