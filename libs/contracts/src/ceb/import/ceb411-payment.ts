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
import { AppStatus, AppType, CURRENCY_RMB, IdType } from '../code-lists';
import { DEMO_BUYER, DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import { IMPORT_ORDER_EXAMPLE } from './ceb311-order';

/** CEB411 `PaymentHead` (202205 import XSD, REFERENCE.md 4.2): the payment voucher has no lines. */
export class PaymentHead {
  @ApiProperty({
    description: '企业系统生成36位唯一序号（英文字母大写）',
    example: '5B1C7A52-3E0D-4F6A-9C21-7D84E0B6A411',
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

  @ApiProperty({ description: '企业报送时间 YYYYMMDDhhmmss', example: '20261121093100' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '业务状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '支付企业的海关注册登记编号', example: '4403169D3W' })
  @Matches(ENTERPRISE_CODE, {
    message: 'payCode must be a 10-character customs code or an 18-character credit code',
  })
  payCode!: string;

  @ApiProperty({
    description: '支付企业在海关注册登记的名称',
    maxLength: 100,
    example: '财付通支付科技有限公司',
  })
  @IsString()
  @Length(1, 100)
  payName!: string;

  @ApiProperty({
    description: '支付企业唯一的支付流水号, 与电子订单的支付流水号一致',
    maxLength: 60,
    example: 'PAY20261121000001',
  })
  @IsString()
  @Length(1, 60)
  payTransactionId!: string;

  @ApiProperty({ description: '交易平台的订单编号', maxLength: 60, example: 'ORD20261121000001' })
  @IsString()
  @Length(1, 60)
  orderNo!: string;

  @ApiProperty({ description: '电商平台的海关注册登记编号', example: '3301960001' })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebpCode must be a 10-character customs code or an 18-character credit code',
  })
  ebpCode!: string;

  @ApiProperty({ description: '电商平台名称', maxLength: 100, example: '杭州示范跨境电商平台有限公司' })
  @IsString()
  @Length(1, 100)
  ebpName!: string;

  @ApiProperty({
    description: '支付人证件类型: 限定为身份证 1',
    enum: [IdType.IdCard],
    example: IdType.IdCard,
  })
  @IsIn([IdType.IdCard])
  payerIdType!: string;

  @ApiProperty({
    description: '支付人证件号码 (personal data)',
    maxLength: 60,
    example: '110101199003070012',
  })
  @IsString()
  @Length(1, 60)
  payerIdNumber!: string;

  // The XSD documents payerName as "支付人的身份证件号码", a copy-paste slip: it is the payer's name.
  @ApiProperty({ description: '支付人姓名', maxLength: 60, example: '张三' })
  @IsString()
  @Length(1, 60)
  payerName!: string;

  @ApiPropertyOptional({ description: '支付人电话 (personal data)', maxLength: 60, example: '13800000000' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  telephone?: string;

  @ApiProperty({
    description: '支付金额 (N19,5, decimal string), 与电子订单的实际支付金额 acturalPaid 一致',
    example: '233.28',
  })
  @Matches(DECIMAL_19_5, { message: 'amountPaid must be a decimal string N19,5' })
  amountPaid!: string;

  @ApiProperty({ description: '币制, 限定为人民币 142', enum: [CURRENCY_RMB], example: CURRENCY_RMB })
  @IsIn([CURRENCY_RMB])
  currency!: string;

  @ApiProperty({ description: '支付时间 YYYYMMDDhhmmss, 不晚于报送时间', example: '20261121092500' })
  @Matches(APP_TIME, { message: 'payTime must be YYYYMMDDhhmmss' })
  payTime!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB411 `Payment`: the head only. */
export class ImportPayment {
  @ApiProperty({ type: PaymentHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => PaymentHead)
  PaymentHead!: PaymentHead;
}

/**
 * Cross-field rules of a payment voucher. It has no arithmetic of its own (its amount is matched against the
 * order elsewhere); a voucher reports a payment that has happened, so the payment cannot be later than the
 * report. Both times are fixed-width YYYYMMDDhhmmss, so they compare as strings.
 */
export function checkImportPayment(payment: ImportPayment): RuleViolation[] {
  const head = payment.PaymentHead;
  const violations: RuleViolation[] = [];
  if (head.payTime > head.appTime) {
    violations.push({
      path: 'PaymentHead.payTime',
      rule: 'payTime.notAfterAppTime',
      severity: 'warning',
      message: `payTime ${head.payTime} must not be later than the report time appTime ${head.appTime}`,
    });
  }
  return violations;
}

/** The example payment of the demo set: the buyer pays the order's 233.28 through the demo payment company. */
export const IMPORT_PAYMENT_EXAMPLE: ImportPayment = {
  PaymentHead: {
    guid: '5B1C7A52-3E0D-4F6A-9C21-7D84E0B6A411',
    appType: '1',
    appTime: '20261121093100',
    appStatus: '2',
    payCode: DEMO_ENTERPRISES.payment.customsCode,
    payName: DEMO_ENTERPRISES.payment.name,
    payTransactionId: 'PAY20261121000001',
    orderNo: IMPORT_ORDER_EXAMPLE.OrderHead.orderNo,
    ebpCode: DEMO_ENTERPRISES.platform.customsCode,
    ebpName: DEMO_ENTERPRISES.platform.name,
    payerIdType: IdType.IdCard,
    payerIdNumber: DEMO_BUYER.idNumber,
    payerName: DEMO_BUYER.name,
    telephone: DEMO_BUYER.telephone,
    amountPaid: '233.28',
    currency: CURRENCY_RMB,
    payTime: '20261121092500',
  },
};

export const CEB411: DocumentDescriptor<ImportPayment> = {
  messageType: 'CEB411',
  title: '支付凭证 import payment',
  flow: 'import',
  rootElement: 'CEB411Message',
  documentElement: 'Payment',
  documentClass: ImportPayment,
  repeatedElements: [],
  headElement: 'PaymentHead',
  senderRole: 'pay',
  senderCodeField: 'payCode',
  keyOf: (d) => orderKey(d.PaymentHead.orderNo),
  identityOf: (d) => `${d.PaymentHead.payCode}:${d.PaymentHead.payTransactionId}`,
  versionOf: (d) => ({ appType: d.PaymentHead.appType, appTime: d.PaymentHead.appTime }),
  check: checkImportPayment,
  personalDataPaths: ['PaymentHead.payerIdNumber', 'PaymentHead.telephone'],
  personFields: [
    { path: 'PaymentHead.payerIdNumber', kind: 'idNumber' },
    { path: 'PaymentHead.payerName', kind: 'name' },
    { path: 'PaymentHead.telephone', kind: 'phone' },
  ],
  example: IMPORT_PAYMENT_EXAMPLE,
};
