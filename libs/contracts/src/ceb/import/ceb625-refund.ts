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
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { orderKey } from '../../keys';
import { AppStatus, AppType, IdType } from '../code-lists';
import { dec } from '../decimal';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CODE_3, CUSTOMS_DISTRICT, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import { EXAMPLE_INVT_NO, HS_CODE, IMPORT_INVENTORY_EXAMPLE } from './ceb621-inventory';

/** CEB625 `InvtRefundHead` (202205 import XSD): a return of goods of a released import list. */
export class InvtRefundHead {
  @ApiProperty({
    description: '企业系统生成36位唯一序号（英文字母大写）',
    example: 'A8D4F2C6-3B91-4E57-8F0A-2C7B5E9D0625',
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

  @ApiProperty({ description: '企业报送时间 YYYYMMDDhhmmss', example: '20261125100000' })
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

  @ApiProperty({ description: '申请退货的原始清单编号', maxLength: 18, example: EXAMPLE_INVT_NO })
  @IsString()
  @Length(1, 18)
  invtNo!: string;

  @ApiProperty({
    description: '订购人证件类型: 与原清单一致, 限定为身份证 1',
    enum: [IdType.IdCard],
    example: IdType.IdCard,
  })
  @IsIn([IdType.IdCard])
  buyerIdType!: string;

  @ApiProperty({
    description: '订购人证件号码 (personal data)',
    maxLength: 60,
    example: '110101199003070012',
  })
  @IsString()
  @Length(1, 60)
  buyerIdNumber!: string;

  @ApiProperty({ description: '订购人姓名', maxLength: 60, example: '张三' })
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

  @ApiProperty({ description: '退货原因', maxLength: 1000, example: '商品外包装破损, 消费者申请退货' })
  @IsString()
  @Length(1, 1000)
  reason!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** CEB625 `InvtRefundList`: one returned line, numbered as in the original list. */
export class InvtRefundList {
  @ApiProperty({ description: '对应原清单表体序号 (退货项序号)', example: 1 })
  @IsInt()
  @Min(1)
  gnum!: number;

  @ApiProperty({ description: '商品编号 (HS, 10位), 与原清单一致', example: '1901101000' })
  @Matches(HS_CODE, { message: 'gcode must be a 10-digit HS code' })
  gcode!: string;

  @ApiProperty({ description: '商品名称, 与清单一致', maxLength: 250, example: '婴儿配方奶粉' })
  @IsString()
  @Length(1, 250)
  gname!: string;

  @ApiProperty({
    description: '申请退货的数量 (N19,5): 大于 0, 小于等于原清单的成交计量单位的数量',
    example: '1',
  })
  @Matches(DECIMAL_19_5, { message: 'qty must be a decimal string N19,5' })
  qty!: string;

  @ApiProperty({ description: '计量单位代码 (JGS-20), 原清单的成交计量单位', example: '122' })
  @Matches(CODE_3, { message: 'unit must be a 3-digit customs unit code' })
  unit!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB625 `InvtRefund`: a head and 1..99 returned lines. */
export class ImportRefund {
  @ApiProperty({ type: InvtRefundHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => InvtRefundHead)
  InvtRefundHead!: InvtRefundHead;

  @ApiProperty({ type: [InvtRefundList], minItems: 1, maxItems: 99 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(99)
  @Type(() => InvtRefundList)
  InvtRefundList!: InvtRefundList[];
}

/**
 * Rules of a return beyond its fields. Its lines carry the original list's line numbers (so not 1..n), each at
 * most once, and return a quantity; that it is at most the list's quantity is a rule between documents.
 */
export function checkImportRefund(refund: ImportRefund): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const seen = new Set<number>();
  refund.InvtRefundList.forEach((line, i) => {
    if (seen.has(line.gnum)) {
      violations.push({
        path: `InvtRefundList[${i}].gnum`,
        rule: 'gnum.unique',
        message: `gnum ${line.gnum} (a line of the original list) is returned more than once`,
      });
    }
    seen.add(line.gnum);
    if (!dec(line.qty).greaterThan(0)) {
      violations.push({
        path: `InvtRefundList[${i}].qty`,
        rule: 'qty.positive',
        severity: 'warning',
        message: `qty ${line.qty} must be the returned quantity, more than 0`,
      });
    }
  });
  return violations;
}

const list = IMPORT_INVENTORY_EXAMPLE.InventoryHead;
const line = IMPORT_INVENTORY_EXAMPLE.InventoryList[0];

/** The example return of the demo set: one of the two tins of the example list comes back. */
export const IMPORT_REFUND_EXAMPLE: ImportRefund = {
  InvtRefundHead: {
    guid: 'A8D4F2C6-3B91-4E57-8F0A-2C7B5E9D0625',
    appType: '1',
    appTime: '20261125100000',
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
    reason: '商品外包装破损, 消费者申请退货',
  },
  InvtRefundList: [{ gnum: line.gnum, gcode: line.gcode, gname: line.gname, qty: '1', unit: line.unit }],
};

export const CEB625: DocumentDescriptor<ImportRefund> = {
  messageType: 'CEB625',
  title: '退货申请单 import return (refund)',
  flow: 'import',
  rootElement: 'CEB625Message',
  documentElement: 'InvtRefund',
  documentClass: ImportRefund,
  repeatedElements: ['InvtRefundList'],
  headElement: 'InvtRefundHead',
  // XSD: "退货申请单数据报文（电商企业或其代理人）", like the list; the declarant (agentCode) must match the
  // signing certificate (-625013 "和证书中的申报单位代码/名称不一致").
  senderRole: 'agent',
  senderCodeField: 'agentCode',
  keyOf: (d) => orderKey(d.InvtRefundHead.orderNo),
  // The return of one list: invtNo is the customs number of the list, agentCode the declarant.
  identityOf: (d) => `${d.InvtRefundHead.agentCode}:${d.InvtRefundHead.invtNo}`,
  versionOf: (d) => ({ appType: d.InvtRefundHead.appType, appTime: d.InvtRefundHead.appTime }),
  check: checkImportRefund,
  personalDataPaths: ['InvtRefundHead.buyerIdNumber', 'InvtRefundHead.buyerTelephone'],
  personFields: [
    { path: 'InvtRefundHead.buyerIdNumber', kind: 'idNumber' },
    { path: 'InvtRefundHead.buyerName', kind: 'name' },
    { path: 'InvtRefundHead.buyerTelephone', kind: 'phone' },
  ],
  example: IMPORT_REFUND_EXAMPLE,
};
