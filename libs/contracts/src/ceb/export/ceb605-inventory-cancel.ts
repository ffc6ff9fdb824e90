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
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CUSTOMS_DISTRICT, ENTERPRISE_CODE, GUID } from '../patterns';
import { EXPORT_INVENTORY_EXAMPLE, EXPORT_INVENTORY_INVT_NO } from './ceb603-inventory';

/**
 * CEB605 `InvtCancel` (202205 export XSD, 撤销申请单类): the declarant of a released export list asks customs to
 * withdraw it. One element under the root, no head/list split. Field lengths and obligations are the XSD's.
 */
export class ExportInvtCancel {
  @ApiProperty({
    description: '36位系统唯一序号（英文字母大写）',
    example: '7C2E5A91-4D3B-4F60-8A17-2B9C0D1E0605',
  })
  @Matches(GUID, { message: 'guid must be the 36-character unique number of the enterprise system' })
  guid!: string;

  @ApiProperty({
    description: '申报类型: 1 新增, 2 变更, 3 删除, 默认为1',
    enum: Object.values(AppType),
    example: AppType.New,
  })
  @IsIn(Object.values(AppType))
  appType!: AppType;

  @ApiProperty({ description: '业务时间 YYYYMMDDhhmmss', example: '20261122090000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '企业报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '申报海关代码 (4位关区代码)', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({
    description: '企业内部生成标识清单的编号 (原清单的 copNo)',
    maxLength: 30,
    example: 'INVT20261121000001',
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
    description: '出境清单编号: 海关审结生成标识清单的编号（4位关区+4位年+1位进出口标记+9位流水号）',
    maxLength: 20,
    example: EXPORT_INVENTORY_INVT_NO,
  })
  @IsString()
  @Length(1, 20)
  invtNo!: string;

  @ApiProperty({ description: '原因', maxLength: 1000, example: '买家取消订单, 商品未离境' })
  @IsString()
  @Length(1, 1000)
  reason!: string;

  @ApiProperty({ description: '申报单位代码: 10位海关代码或者18位信用代码', example: '3301980004' })
  @Matches(ENTERPRISE_CODE, {
    message: 'agentCode must be a 10-character customs code or an 18-character credit code',
  })
  agentCode!: string;

  @ApiProperty({ description: '申报单位名称', maxLength: 100, example: '示范报关有限公司' })
  @IsString()
  @Length(1, 100)
  agentName!: string;

  @ApiProperty({ description: '收发货人代码: 电商企业的10位海关代码或者18位信用代码', example: '3301960002' })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebcCode must be a 10-character customs code or an 18-character credit code',
  })
  ebcCode!: string;

  @ApiProperty({
    description: '收发货人名称: 电商企业的海关注册登记名称',
    maxLength: 100,
    example: '示范海外旗舰店',
  })
  @IsString()
  @Length(1, 100)
  ebcName!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB605 document: in the XML `InvtCancel` sits directly under the root, so its JSON is that one key. */
export class ExportInventoryCancel {
  @ApiProperty({ type: ExportInvtCancel })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportInvtCancel)
  InvtCancel!: ExportInvtCancel;
}

/**
 * A cancel has no amounts or lines: what it says must agree with the list it withdraws (declarant, consignor,
 * enterprise number, state of the list), which customs checks against the list it holds.
 */
export function checkExportInventoryCancel(_cancel: ExportInventoryCancel): RuleViolation[] {
  return [];
}

const list = EXPORT_INVENTORY_EXAMPLE.InventoryHead;

/** The example cancel of the demo set: the demo agent withdraws the demo export list before it leaves. */
export const EXPORT_INVENTORY_CANCEL_EXAMPLE: ExportInventoryCancel = {
  InvtCancel: {
    guid: '7C2E5A91-4D3B-4F60-8A17-2B9C0D1E0605',
    appType: AppType.New,
    appTime: '20261122090000',
    appStatus: '2',
    customsCode: list.customsCode,
    copNo: list.copNo,
    invtNo: EXPORT_INVENTORY_INVT_NO,
    reason: '买家取消订单, 商品未离境',
    agentCode: list.agentCode,
    agentName: list.agentName,
    ebcCode: list.ebcCode,
    ebcName: list.ebcName,
  },
};

/**
 * Sent by the declarant of the list (申报单位 agentCode, who declared the CEB603). The XSD carries no order
 * number: the Kafka key is the list number, and customs finds the case by it.
 */
export const CEB605: DocumentDescriptor<ExportInventoryCancel> = {
  messageType: 'CEB605',
  title: '撤销申请单 export inventory list cancel',
  flow: 'export',
  rootElement: 'CEB605Message',
  documentElement: 'InvtCancel',
  documentClass: ExportInventoryCancel,
  repeatedElements: [],
  headElement: 'InvtCancel',
  senderRole: 'agent',
  senderCodeField: 'agentCode',
  keyOf: (d) => d.InvtCancel.invtNo,
  identityOf: (d) => `${d.InvtCancel.agentCode}:${d.InvtCancel.invtNo}`,
  versionOf: (d) => ({ appType: d.InvtCancel.appType, appTime: d.InvtCancel.appTime }),
  check: checkExportInventoryCancel,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_INVENTORY_CANCEL_EXAMPLE,
};
