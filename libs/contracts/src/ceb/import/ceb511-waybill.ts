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
  MaxLength,
  ValidateNested,
} from 'class-validator';

import { orderKey } from '../../keys';
import { AppStatus, AppType, CURRENCY_RMB } from '../code-lists';
import { dec } from '../decimal';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import { IMPORT_ORDER_EXAMPLE } from './ceb311-order';

/** The waybill number of the demo set: the waybill, its status, the list, the cancel and the return carry it. */
export const EXAMPLE_LOGISTICS_NO = 'LN20261121000001';

/** CEB511 `LogisticsHead` (202205 import XSD, REFERENCE.md 4.3): the waybill has no lines. */
export class LogisticsHead {
  @ApiProperty({
    description: '企业系统生成36位唯一序号（英文字母大写）',
    example: '2F6E9D30-8A47-4C1B-B5E2-91C3D7A05511',
  })
  @Matches(GUID, {
    message:
      'guid must be 36 characters: digits, upper-case letters and hyphens (「36位唯一序号（英文字母大写）」)',
  })
  guid!: string;

  @ApiProperty({
    description: '企业报送类型: 1 新增, 2 变更, 3 删除',
    enum: Object.values(AppType),
    example: '1',
  })
  @IsIn(Object.values(AppType))
  appType!: AppType;

  @ApiProperty({ description: '企业报送时间 YYYYMMDDhhmmss', example: '20261121100000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '业务状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '物流企业的海关注册登记编号', example: '3301980003' })
  @Matches(ENTERPRISE_CODE, {
    message: 'logisticsCode must be a 10-character customs code or an 18-character credit code',
  })
  logisticsCode!: string;

  @ApiProperty({
    description: '物流企业在海关注册登记的名称',
    maxLength: 100,
    example: '示范国际物流有限公司',
  })
  @IsString()
  @Length(1, 100)
  logisticsName!: string;

  @ApiProperty({
    description: '物流企业的运单包裹面单号, 同一物流企业的运单编号在6个月内不重复',
    maxLength: 60,
    example: EXAMPLE_LOGISTICS_NO,
  })
  @IsString()
  @Length(1, 60)
  logisticsNo!: string;

  @ApiPropertyOptional({ description: '提运单号: 直购进口为海运提单、空运总单或汽车载货清单', maxLength: 37 })
  @IsOptional()
  @IsString()
  @MaxLength(37)
  billNo?: string;

  @ApiProperty({ description: '交易平台的订单编号', maxLength: 60, example: 'ORD20261121000001' })
  @IsString()
  @Length(1, 60)
  orderNo!: string;

  @ApiPropertyOptional({ description: '商品运输费用 (N19,5), 无则填 0', example: '10.00' })
  @IsOptional()
  @Matches(DECIMAL_19_5, { message: 'freight must be a decimal string N19,5' })
  freight?: string;

  @ApiPropertyOptional({ description: '商品保险费用 (N19,5), 无则填 0', example: '0' })
  @IsOptional()
  @Matches(DECIMAL_19_5, { message: 'insuredFee must be a decimal string N19,5' })
  insuredFee?: string;

  @ApiProperty({ description: '币制, 限定为人民币 142', enum: [CURRENCY_RMB], example: CURRENCY_RMB })
  @IsIn([CURRENCY_RMB])
  currency!: string;

  @ApiProperty({ description: '毛重 (N19,5), 单位为千克, 大于 0', example: '2.1' })
  @Matches(DECIMAL_19_5, { message: 'weight must be a decimal string N19,5' })
  weight!: string;

  @ApiProperty({ description: '单个运单下包裹数, 限定为 1', enum: [1], example: 1 })
  @IsInt()
  @IsIn([1])
  packNo!: number;

  @ApiPropertyOptional({ description: '配送的商品信息, 包括商品名称、数量等', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  goodsInfo?: string;

  @ApiProperty({ description: '收货人姓名, 与电子订单一致', maxLength: 100, example: '张三' })
  @IsString()
  @Length(1, 100)
  consignee!: string;

  @ApiProperty({
    description: '收货地址, 与电子订单一致',
    maxLength: 200,
    example: '浙江省杭州市西湖区文三路 1 号',
  })
  @IsString()
  @Length(1, 200)
  consigneeAddress!: string;

  @ApiProperty({
    description: '收货人电话号码, 与电子订单一致 (personal data)',
    maxLength: 50,
    example: '13800000000',
  })
  @IsString()
  @Length(1, 50)
  consigneeTelephone!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB511 `Logistics`: the head only. */
export class ImportWaybill {
  @ApiProperty({ type: LogisticsHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => LogisticsHead)
  LogisticsHead!: LogisticsHead;
}

/** Rules of a waybill beyond its fields: a parcel (packNo 1) has a gross weight. */
export function checkImportWaybill(waybill: ImportWaybill): RuleViolation[] {
  const head = waybill.LogisticsHead;
  const violations: RuleViolation[] = [];
  if (!dec(head.weight).greaterThan(0)) {
    violations.push({
      path: 'LogisticsHead.weight',
      rule: 'weight.positive',
      severity: 'warning',
      message: `weight ${head.weight} must be the parcel's gross weight in kg, more than 0`,
    });
  }
  return violations;
}

/** The example waybill of the demo set: one bonded parcel of the example order, to the order's consignee. */
export const IMPORT_WAYBILL_EXAMPLE: ImportWaybill = {
  LogisticsHead: {
    guid: '2F6E9D30-8A47-4C1B-B5E2-91C3D7A05511',
    appType: '1',
    appTime: '20261121100000',
    appStatus: '2',
    logisticsCode: DEMO_ENTERPRISES.logistics.customsCode,
    logisticsName: DEMO_ENTERPRISES.logistics.name,
    logisticsNo: EXAMPLE_LOGISTICS_NO,
    orderNo: IMPORT_ORDER_EXAMPLE.OrderHead.orderNo,
    freight: '10.00',
    insuredFee: '0',
    currency: CURRENCY_RMB,
    weight: '2.1',
    packNo: 1,
    goodsInfo: '婴儿配方奶粉 900克/罐 × 2',
    consignee: IMPORT_ORDER_EXAMPLE.OrderHead.consignee,
    consigneeAddress: IMPORT_ORDER_EXAMPLE.OrderHead.consigneeAddress,
    consigneeTelephone: IMPORT_ORDER_EXAMPLE.OrderHead.consigneeTelephone,
  },
};

export const CEB511: DocumentDescriptor<ImportWaybill> = {
  messageType: 'CEB511',
  title: '物流运单 import waybill',
  flow: 'import',
  rootElement: 'CEB511Message',
  documentElement: 'Logistics',
  documentClass: ImportWaybill,
  repeatedElements: [],
  headElement: 'LogisticsHead',
  senderRole: 'logistics',
  senderCodeField: 'logisticsCode',
  keyOf: (d) => orderKey(d.LogisticsHead.orderNo),
  identityOf: (d) => `${d.LogisticsHead.logisticsCode}:${d.LogisticsHead.logisticsNo}`,
  versionOf: (d) => ({ appType: d.LogisticsHead.appType, appTime: d.LogisticsHead.appTime }),
  check: checkImportWaybill,
  personalDataPaths: ['LogisticsHead.consigneeTelephone'],
  personFields: [
    { path: 'LogisticsHead.consignee', kind: 'name' },
    { path: 'LogisticsHead.consigneeAddress', kind: 'address' },
    { path: 'LogisticsHead.consigneeTelephone', kind: 'phone' },
  ],
  example: IMPORT_WAYBILL_EXAMPLE,
};
