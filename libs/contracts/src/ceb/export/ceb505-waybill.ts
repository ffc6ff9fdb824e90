import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
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
import { dec } from '../decimal';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CODE_3, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import { EXPORT_ORDER_EXAMPLE, type ExportCurrency, isCebDecimal } from './ceb303-order';

/**
 * CEB505 `Logistics` (出口运单, 202205 export XSD): the fields sit directly under the document element, no head.
 * Unlike the import waybill it carries no order number and no consignee.
 */
export class ExportLogistics {
  @ApiProperty({
    description: '系统唯一序号: 企业系统生成36位唯一序号（英文字母大写）',
    example: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405003',
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

  @ApiProperty({ description: '报送时间: 企业报送时间 YYYYMMDDhhmmss', example: '20261121101000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({
    description: '报送状态: 1 暂存, 2 申报 (默认为2)',
    enum: Object.values(AppStatus),
    example: '2',
  })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({
    description: '物流企业代码: 物流企业的10位海关代码或者18位统一社会信用代码',
    example: '3301980003',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'logisticsCode must be a 10-character customs code or an 18-character credit code',
  })
  logisticsCode!: string;

  @ApiProperty({
    description: '物流企业名称: 物流企业的海关登记名称',
    maxLength: 100,
    example: '示范国际物流有限公司',
  })
  @IsString()
  @Length(1, 100)
  logisticsName!: string;

  @ApiProperty({
    description:
      '物流运单编号: 物流企业的运单包裹面单号（提运单号+运单编号形成唯一编号），同一物流企业6个月内不重复',
    maxLength: 32,
    example: 'EXPLN2026112100001',
  })
  @IsString()
  @Length(1, 32)
  logisticsNo!: string;

  @ApiProperty({ description: '运费: 货物运输费用 (N19,5)', example: '35.00' })
  @Matches(DECIMAL_19_5, { message: 'freight must be a decimal string N19,5' })
  freight!: string;

  @ApiProperty({ description: '保价费: 货物保险费用 (N19,5)', example: '2.00' })
  @Matches(DECIMAL_19_5, { message: 'insuredFee must be a decimal string N19,5' })
  insuredFee!: string;

  @ApiProperty({
    description: '币制: 海关标准的参数代码《JGS-20 海关业务代码集》货币代码',
    example: '142',
  })
  @Matches(CODE_3, { message: 'currency must be a 3-digit customs currency code (JGS-20 货币代码)' })
  currency!: ExportCurrency;

  @ApiProperty({ description: '毛重: 单位为千克, 大于 0 (N19,5)', example: '2.80' })
  @Matches(DECIMAL_19_5, { message: 'grossWeight must be a decimal string N19,5' })
  grossWeight!: string;

  @ApiProperty({ description: '件数: 单个运单下包裹数 (N9)', example: 1 })
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  packNo!: number;

  @ApiProperty({
    description: '主要货物信息: 物流企业可验视的商品信息',
    maxLength: 200,
    example: '纯棉针织T恤10件, 陶瓷马克杯4个',
  })
  @IsString()
  @Length(1, 200)
  goodsInfo!: string;

  @ApiPropertyOptional({
    description: '收发货人代码: 电商企业的10位海关代码或者18位信用代码 (与 ebcName 同填)',
    example: '3301960002',
  })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, {
    message: 'ebcCode must be a 10-character customs code or an 18-character credit code',
  })
  ebcCode?: string;

  @ApiPropertyOptional({
    description: '收发货人名称: 电商企业的海关备案名称（电子口岸校验名称）',
    maxLength: 100,
    example: '示范海外旗舰店',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ebcName?: string;

  @ApiPropertyOptional({
    description: '收发货人电话 (personal data when the seller is a person)',
    maxLength: 50,
    example: '0571-88880000',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  ebcTelephone?: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB505 document: `Logistics` sits directly under the root with no head, so its JSON is that one key. */
export class ExportWaybill {
  @ApiProperty({ type: ExportLogistics })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportLogistics)
  Logistics!: ExportLogistics;
}

/** Rules of a waybill: a parcel has weight, and the seller is named by code and name together or not at all. */
export function checkExportWaybill(document: ExportWaybill): RuleViolation[] {
  const waybill = document.Logistics;
  const violations: RuleViolation[] = [];
  if (!waybill) return violations;
  if (isCebDecimal(waybill.grossWeight) && !dec(waybill.grossWeight).gt(0)) {
    violations.push({
      path: 'Logistics.grossWeight',
      rule: 'grossWeight.positive',
      severity: 'warning',
      message: `grossWeight ${waybill.grossWeight} kg must be greater than 0`,
    });
  }
  if (!waybill.ebcCode !== !waybill.ebcName) {
    violations.push({
      path: waybill.ebcCode ? 'Logistics.ebcName' : 'Logistics.ebcCode',
      rule: 'ebcName.pairedWithEbcCode',
      severity: 'warning',
      message: 'ebcCode and ebcName name the seller together: give both or neither',
    });
  }
  return violations;
}

/** Waybill of the demo export order: one parcel, freight as charged on the order. */
export const EXPORT_WAYBILL_EXAMPLE: ExportWaybill = {
  Logistics: {
    guid: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405003',
    appType: '1',
    appTime: '20261121101000',
    appStatus: '2',
    logisticsCode: DEMO_ENTERPRISES.logistics.customsCode,
    logisticsName: DEMO_ENTERPRISES.logistics.name,
    logisticsNo: 'EXPLN2026112100001',
    freight: EXPORT_ORDER_EXAMPLE.OrderHead.freight,
    insuredFee: '2.00',
    currency: '142',
    grossWeight: '2.80',
    packNo: 1,
    goodsInfo: '纯棉针织T恤10件, 陶瓷马克杯4个',
    ebcCode: EXPORT_ORDER_EXAMPLE.OrderHead.ebcCode,
    ebcName: EXPORT_ORDER_EXAMPLE.OrderHead.ebcName,
    ebcTelephone: '0571-88880000',
  },
};

/**
 * The export waybill carries no order number (the list CEB603 joins order and waybill), so it is keyed by its
 * waybill number, which the list, the arrival and the departure all refer to.
 */
export const CEB505: DocumentDescriptor<ExportWaybill> = {
  messageType: 'CEB505',
  title: '物流运单 export waybill',
  flow: 'export',
  rootElement: 'CEB505Message',
  documentElement: 'Logistics',
  documentClass: ExportWaybill,
  repeatedElements: [],
  headElement: 'Logistics',
  senderRole: 'logistics',
  senderCodeField: 'logisticsCode',
  keyOf: (d) => d.Logistics.logisticsNo,
  identityOf: (d) => `${d.Logistics.logisticsCode}:${d.Logistics.logisticsNo}`,
  versionOf: (d) => ({ appType: d.Logistics.appType, appTime: d.Logistics.appTime }),
  check: checkExportWaybill,
  personalDataPaths: ['Logistics.ebcTelephone'],
  personFields: [{ path: 'Logistics.ebcTelephone', kind: 'phone' }],
  example: EXPORT_WAYBILL_EXAMPLE,
};
