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

import { orderKey } from '../../keys';
import { AppStatus, AppType } from '../code-lists';
import { dec } from '../decimal';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CODE_3, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import { EXPORT_ORDER_EXAMPLE, type ExportCurrency, isCebDecimal } from './ceb303-order';

/** `payName` of a receipt paid offline (202205 XSD: 非线上支付填"现金支付"). */
export const CASH_PAYMENT = '现金支付';

/** CEB403 `Receipts` (收款单, 202205 export XSD): the fields sit directly under the document element, no head. */
export class ExportReceipts {
  @ApiProperty({
    description: '系统唯一序号: 企业系统生成36位唯一序号（英文字母大写）',
    example: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405002',
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

  @ApiProperty({ description: '报送时间: 企业报送时间 YYYYMMDDhhmmss', example: '20261121100500' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({
    description: '电商平台代码: 电商平台的海关注册登记编号或统一社会信用代码',
    example: '3301960001',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebpCode must be a 10-character customs code or an 18-character credit code',
  })
  ebpCode!: string;

  @ApiProperty({ description: '电商平台名称', maxLength: 100, example: '杭州示范跨境电商平台有限公司' })
  @IsString()
  @Length(1, 100)
  ebpName!: string;

  @ApiProperty({
    description:
      '电商企业代码: 电商企业的海关注册登记编号(10位海关编码或18位统一社会信用代码); 收款的电商企业, 对应清单的收发货人',
    example: '3301960002',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebcCode must be a 10-character customs code or an 18-character credit code',
  })
  ebcCode!: string;

  @ApiProperty({
    description: '电商企业名称: 电商企业的海关注册登记名称，对应清单的收发货人',
    maxLength: 100,
    example: '示范海外旗舰店',
  })
  @IsString()
  @Length(1, 100)
  ebcName!: string;

  @ApiProperty({
    description: '订单编号: 电商平台的交易订单编号',
    maxLength: 60,
    example: 'EXP20261121000001',
  })
  @IsString()
  @Length(1, 60)
  orderNo!: string;

  @ApiPropertyOptional({
    description: '支付企业代码: 支付企业的海关编码, 国内企业必填; 现金支付不填',
    example: '4403169D3W',
  })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, {
    message: 'payCode must be a 10-character customs code or an 18-character credit code',
  })
  payCode?: string;

  @ApiProperty({
    description: '支付企业名称, 非线上支付填"现金支付"',
    maxLength: 100,
    example: '财付通支付科技有限公司',
  })
  @IsString()
  @Length(1, 100)
  payName!: string;

  @ApiPropertyOptional({ description: '支付交易编号', maxLength: 60, example: 'PAY20261121000001' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  payNo?: string;

  @ApiProperty({
    description: '收款金额: 支付企业的订单交易金额, 大于 0 (N19,5, decimal string)',
    example: '642.00',
  })
  @Matches(DECIMAL_19_5, { message: 'charge must be a decimal string N19,5' })
  charge!: string;

  @ApiProperty({
    description: '币制: 海关标准的参数代码《JGS-20 海关业务代码集》货币代码',
    example: '142',
  })
  @Matches(CODE_3, { message: 'currency must be a 3-digit customs currency code (JGS-20 货币代码)' })
  currency!: ExportCurrency;

  @ApiProperty({ description: '到账时间 YYYYMMDDhhmmss', example: '20261121100200' })
  @Matches(APP_TIME, { message: 'accountingDate must be YYYYMMDDhhmmss' })
  accountingDate!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB403 document: `Receipts` sits directly under the root with no head, so its JSON is that one key. */
export class ExportReceipt {
  @ApiProperty({ type: ExportReceipts })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportReceipts)
  Receipts!: ExportReceipts;
}

/** Rules of a receipt: money was actually received, and a cash receipt names no payment enterprise. */
export function checkExportReceipt(document: ExportReceipt): RuleViolation[] {
  const receipt = document.Receipts;
  const violations: RuleViolation[] = [];
  if (!receipt) return violations;
  if (isCebDecimal(receipt.charge) && !dec(receipt.charge).gt(0)) {
    violations.push({
      path: 'Receipts.charge',
      rule: 'charge.positive',
      severity: 'warning',
      message: `charge ${receipt.charge} must be greater than 0: a receipt records money received`,
    });
  }
  if (receipt.payName === CASH_PAYMENT && receipt.payCode) {
    violations.push({
      path: 'Receipts.payCode',
      rule: 'payCode.absentForCash',
      severity: 'warning',
      message: `payCode must be empty when payName is "${CASH_PAYMENT}": no payment enterprise took part`,
    });
  }
  return violations;
}

/** Receipt of the demo export order: goods 607.00 + freight 35.00 = 642.00 RMB received through Tenpay. */
export const EXPORT_RECEIPT_EXAMPLE: ExportReceipt = {
  Receipts: {
    guid: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405002',
    appType: '1',
    appTime: '20261121100500',
    appStatus: '2',
    ebpCode: EXPORT_ORDER_EXAMPLE.OrderHead.ebpCode,
    ebpName: EXPORT_ORDER_EXAMPLE.OrderHead.ebpName,
    ebcCode: EXPORT_ORDER_EXAMPLE.OrderHead.ebcCode,
    ebcName: EXPORT_ORDER_EXAMPLE.OrderHead.ebcName,
    orderNo: EXPORT_ORDER_EXAMPLE.OrderHead.orderNo,
    payCode: DEMO_ENTERPRISES.payment.customsCode,
    payName: DEMO_ENTERPRISES.payment.name,
    payNo: 'PAY20261121000001',
    charge: '642.00',
    currency: '142',
    accountingDate: '20261121100200',
  },
};

/**
 * The XSD names the 支付企业 as sender, but `payCode` is optional (国内企业必填) and absent for cash, so it cannot
 * identify the sender; the mandatory `ebcCode` (the enterprise that receives the money) does.
 */
export const CEB403: DocumentDescriptor<ExportReceipt> = {
  messageType: 'CEB403',
  title: '收款单 export receipt of payment',
  flow: 'export',
  rootElement: 'CEB403Message',
  documentElement: 'Receipts',
  documentClass: ExportReceipt,
  repeatedElements: [],
  headElement: 'Receipts',
  senderRole: 'ebc',
  senderCodeField: 'ebcCode',
  keyOf: (d) => orderKey(d.Receipts.orderNo),
  identityOf: (d) => `${d.Receipts.ebcCode}:${d.Receipts.orderNo}`,
  versionOf: (d) => ({ appType: d.Receipts.appType, appTime: d.Receipts.appTime }),
  check: checkExportReceipt,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_RECEIPT_EXAMPLE,
};
