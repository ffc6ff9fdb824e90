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
import { AppStatus, AppType, IdType } from '../code-lists';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CUSTOMS_DISTRICT, ENTERPRISE_CODE, GUID } from '../patterns';
import { EXAMPLE_INVT_NO, IMPORT_INVENTORY_EXAMPLE } from './ceb621-inventory';

/** CEB623 `InvtCancel` (202205 import XSD): one element, no head/list split. A cancel is only ever new (appType 1). */
export class InvtCancel {
  @ApiProperty({
    description: '企业系统生成36位唯一序号（英文字母大写）',
    example: 'E1B7C3A9-5D2F-4A68-9B04-8C6E3F1D0623',
  })
  @Matches(GUID, {
    message:
      'guid must be 36 characters: digits, upper-case letters and hyphens (「36位唯一序号（英文字母大写）」)',
  })
  guid!: string;

  @ApiProperty({ description: '企业报送类型: 限定为 1 新增', enum: [AppType.New], example: AppType.New })
  @IsIn([AppType.New])
  appType!: typeof AppType.New;

  @ApiProperty({ description: '企业报送时间 YYYYMMDDhhmmss', example: '20261122090000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({
    description: '业务状态: 1 暂存, 2 申报 (填写2时报文必须加签)',
    enum: Object.values(AppStatus),
    example: '2',
  })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '接受申报的海关关区代码 (JGS/T 18, 4位)', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

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

  @ApiProperty({ description: '电商企业的海关注册登记编号', example: '3301960002' })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebcCode must be a 10-character customs code or an 18-character credit code',
  })
  ebcCode!: string;

  @ApiProperty({ description: '电商企业名称', maxLength: 100, example: '示范海外旗舰店' })
  @IsString()
  @Length(1, 100)
  ebcName!: string;

  @ApiProperty({ description: '物流企业的运单包裹面单号', maxLength: 60, example: 'LN20261121000001' })
  @IsString()
  @Length(1, 60)
  logisticsNo!: string;

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

  @ApiPropertyOptional({ description: '企业内部标识单证的编号', maxLength: 20, example: 'INV20261121000001' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  copNo?: string;

  @ApiPropertyOptional({ description: '电子口岸标识单证的编号 (预录入编号)', maxLength: 18 })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  preNo?: string;

  @ApiProperty({ description: '申请撤销的原始清单编号', maxLength: 18, example: EXAMPLE_INVT_NO })
  @IsString()
  @Length(1, 18)
  invtNo!: string;

  @ApiProperty({
    description: '订购人证件类型: 限定为身份证 1',
    enum: [IdType.IdCard],
    example: IdType.IdCard,
  })
  @IsIn([IdType.IdCard])
  buyerIdType!: string;

  @ApiProperty({
    description: '订购人的身份证件号码 (personal data)',
    maxLength: 60,
    example: '110101199003070012',
  })
  @IsString()
  @Length(1, 60)
  buyerIdNumber!: string;

  @ApiProperty({ description: '订购人的真实姓名', maxLength: 60, example: '张三' })
  @IsString()
  @Length(1, 60)
  buyerName!: string;

  @ApiProperty({ description: '订购人电话 (personal data)', maxLength: 30, example: '13800000000' })
  @IsString()
  @Length(1, 30)
  buyerTelephone!: string;

  @ApiProperty({ description: '申报单位的海关注册登记编号', example: '3301980004' })
  @Matches(ENTERPRISE_CODE, {
    message: 'agentCode must be a 10-character customs code or an 18-character credit code',
  })
  agentCode!: string;

  @ApiProperty({ description: '申报单位在海关注册登记的名称', maxLength: 100, example: '示范报关有限公司' })
  @IsString()
  @Length(1, 100)
  agentName!: string;

  @ApiProperty({ description: '撤单原因', maxLength: 1000, example: '订购人取消订单, 商品未出区' })
  @IsString()
  @Length(1, 1000)
  reason!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB623 document: in the XML `InvtCancel` sits directly under the root, so its JSON is that one key. */
export class ImportInventoryCancel {
  @ApiProperty({ type: InvtCancel })
  @IsDefined()
  @ValidateNested()
  @Type(() => InvtCancel)
  InvtCancel!: InvtCancel;
}

/**
 * A cancel has no amounts, lines or field dependencies of its own: everything it says must agree with the list
 * it cancels, which is a matching rule between documents. Kept so every descriptor has the same shape.
 */
export function checkImportInventoryCancel(_cancel: ImportInventoryCancel): RuleViolation[] {
  return [];
}

const list = IMPORT_INVENTORY_EXAMPLE.InventoryHead;

/** The example cancel of the demo set: the demo agent withdraws the example list (customs number EXAMPLE_INVT_NO). */
export const IMPORT_INVENTORY_CANCEL_EXAMPLE: ImportInventoryCancel = {
  InvtCancel: {
    guid: 'E1B7C3A9-5D2F-4A68-9B04-8C6E3F1D0623',
    appType: AppType.New,
    appTime: '20261122090000',
    appStatus: '2',
    customsCode: list.customsCode,
    orderNo: list.orderNo,
    ebpCode: list.ebpCode,
    ebpName: list.ebpName,
    ebcCode: list.ebcCode,
    ebcName: list.ebcName,
    logisticsNo: list.logisticsNo,
    logisticsCode: list.logisticsCode,
    logisticsName: list.logisticsName,
    copNo: list.copNo,
    invtNo: EXAMPLE_INVT_NO,
    buyerIdType: list.buyerIdType,
    buyerIdNumber: list.buyerIdNumber,
    buyerName: list.buyerName,
    buyerTelephone: list.buyerTelephone,
    agentCode: list.agentCode,
    agentName: list.agentName,
    reason: '订购人取消订单, 商品未出区',
  },
};

export const CEB623: DocumentDescriptor<ImportInventoryCancel> = {
  messageType: 'CEB623',
  title: '撤销申请单 import inventory list cancel',
  flow: 'import',
  rootElement: 'CEB623Message',
  documentElement: 'InvtCancel',
  documentClass: ImportInventoryCancel,
  repeatedElements: [],
  headElement: 'InvtCancel',
  senderRole: 'agent',
  senderCodeField: 'agentCode',
  keyOf: (d) => orderKey(d.InvtCancel.orderNo),
  // The cancel of one list: invtNo is the customs number of the list it withdraws, agentCode the declarant.
  identityOf: (d) => `${d.InvtCancel.agentCode}:${d.InvtCancel.invtNo}`,
  versionOf: (d) => ({ appType: d.InvtCancel.appType, appTime: d.InvtCancel.appTime }),
  check: checkImportInventoryCancel,
  personalDataPaths: ['InvtCancel.buyerIdNumber', 'InvtCancel.buyerTelephone'],
  personFields: [
    { path: 'InvtCancel.buyerIdNumber', kind: 'idNumber' },
    { path: 'InvtCancel.buyerName', kind: 'name' },
    { path: 'InvtCancel.buyerTelephone', kind: 'phone' },
  ],
  example: IMPORT_INVENTORY_CANCEL_EXAMPLE,
};
