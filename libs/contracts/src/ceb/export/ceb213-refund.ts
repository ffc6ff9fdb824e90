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
import { dec } from '../decimal';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CODE_3, CUSTOMS_DISTRICT, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import { COUNTRY_CHINA } from '../import/ceb621-inventory';
import { isCebDecimal } from './ceb303-order';
import { EXPORT_INVENTORY_EXAMPLE, EXPORT_INVENTORY_INVT_NO, TRAF_MODE } from './ceb603-inventory';

/**
 * CEB213 `InvtRefundHead` (202205 export XSD, 零售出口退货申请单, 公告2020年第44号): the e-commerce enterprise
 * asks to bring back goods of a released export list within one year of its release.
 */
export class ExportInvtRefundHead {
  @ApiProperty({
    description: '系统唯一序号: 企业系统生成36位唯一序号（英文字母大写）',
    example: '3F8A1C2D-6B4E-4A7F-9D0C-5E1B2A3C0213',
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

  @ApiProperty({ description: '报送时间 YYYYMMDDhhmmss', example: '20261201100000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '4位海关编号《海关关区代码》', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiPropertyOptional({
    description: '监管场所代码: 同一申报地海关下有多个跨境电子商务的监管场所,需要填写区分',
    maxLength: 10,
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  loctNo?: string;

  @ApiProperty({ description: '电商平台代码: 电商平台的海关注册登记编号', example: '3301960001' })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebpCode must be a 10-character customs code or an 18-character credit code',
  })
  ebpCode!: string;

  @ApiProperty({ description: '电商平台名称', maxLength: 100, example: '杭州示范跨境电商平台有限公司' })
  @IsString()
  @Length(1, 100)
  ebpName!: string;

  @ApiProperty({
    description: '电商企业代码: 电商企业的海关注册登记编号(10位海关编码或18位统一社会信用代码)',
    example: '3301960002',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebcCode must be a 10-character customs code or an 18-character credit code',
  })
  ebcCode!: string;

  @ApiProperty({ description: '电商企业名称: 对应清单的收发货人', maxLength: 100, example: '示范海外旗舰店' })
  @IsString()
  @Length(1, 100)
  ebcName!: string;

  @ApiProperty({
    description: '物流运单编号: 可以与原出口运单号一致，也可以是进境运单号',
    maxLength: 80,
    example: 'RTNLN2026120100001',
  })
  @IsString()
  @Length(1, 80)
  logisticsNo!: string;

  @ApiProperty({
    description: '物流企业代码: 可以与原物流企业一致，也可以是进境物流企业',
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
    description: '企业生成标识唯一编号 (退货申请单编号)',
    maxLength: 30,
    example: 'RTN20261201000001',
  })
  @IsString()
  @Length(1, 30)
  coElNo!: string;

  @ApiPropertyOptional({ description: '电子口岸标识唯一编号（B+8位年月日+9位流水号）', maxLength: 18 })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  preNo?: string;

  @ApiProperty({ description: '原出口清单号', maxLength: 20, example: EXPORT_INVENTORY_INVT_NO })
  @IsString()
  @Length(1, 20)
  invtNo!: string;

  @ApiPropertyOptional({ description: '贸易方式: 一般出口为9610,特殊区域出口为1210/1239', example: '9610' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'tradeMode must be a 4-digit trade mode code' })
  tradeMode?: string;

  @ApiProperty({
    description: '申报单位代码: 可以与原申报企业一致，也可以是进境申报企业',
    example: '3301980004',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'agentCode must be a 10-character customs code or an 18-character credit code',
  })
  agentCode!: string;

  @ApiProperty({ description: '申报单位名称', maxLength: 100, example: '示范报关有限公司' })
  @IsString()
  @Length(1, 100)
  agentName!: string;

  @ApiProperty({
    description: '提单或总运单的编号，如无则填写物流运单号',
    maxLength: 37,
    example: '999-20261201',
  })
  @IsString()
  @Length(1, 37)
  billNo!: string;

  @ApiProperty({ description: '进出口标记: 出口退货填写I', enum: ['I'], example: 'I' })
  @IsIn(['I'])
  ieFlag!: 'I';

  @ApiProperty({ description: '运输方式代码 (JGS-20), e.g. 5 航空运输', example: '5' })
  @Matches(TRAF_MODE, { message: 'trafMode must be a one-character customs transport mode code' })
  trafMode!: string;

  @ApiProperty({ description: '运输工具名称', maxLength: 100, example: 'CA988' })
  @IsString()
  @Length(1, 100)
  trafName!: string;

  @ApiProperty({ description: '进境口岸海关的关区代码 JGS/T 18', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'portCode must be a 4-digit customs district code' })
  portCode!: string;

  @ApiProperty({ description: '退货原因', maxLength: 500, example: '境外消费者拒收, 商品退运' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiProperty({ description: '起运国（地区）: 海关参数代码, 不能为中国', example: '502' })
  @Matches(CODE_3, { message: 'country must be a 3-digit customs country code' })
  country!: string;

  @ApiProperty({ description: '航班航次号', maxLength: 32, example: 'CA988/20261201' })
  @IsString()
  @Length(1, 32)
  voyageNo!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** CEB213 `InvtRefundList`: one returned line, numbered as in the original export list. */
export class ExportInvtRefundList {
  @ApiProperty({ description: '对应原申报清单表体项号（退货项序号）', example: 1 })
  @IsInt()
  @Min(1)
  @Max(9999)
  gnum!: number;

  @ApiProperty({ description: '商品编码: 与原申报清单一致', maxLength: 10, example: '6109100021' })
  @IsString()
  @Length(1, 10)
  gcode!: string;

  @ApiProperty({ description: '商品名称: 与原申报清单一致', maxLength: 250, example: '棉制针织T恤衫' })
  @IsString()
  @Length(1, 250)
  gname!: string;

  @ApiProperty({
    description: '规格型号: 与原申报清单一致',
    maxLength: 250,
    example: '针织|100%棉|男式|示范牌',
  })
  @IsString()
  @Length(1, 250)
  gmodel!: string;

  @ApiProperty({ description: '退货数量 (N19,5): 不大于原申报清单申报数量', example: '2' })
  @Matches(DECIMAL_19_5, { message: 'qty must be a decimal string N19,5' })
  qty!: string;

  @ApiProperty({ description: '法定数量 (N19,5): 不大于原清单法定第一数量', example: '2' })
  @Matches(DECIMAL_19_5, { message: 'qty1 must be a decimal string N19,5' })
  qty1!: string;

  @ApiProperty({ description: '计量单位: 与原申报清单保持一致', example: '011' })
  @Matches(CODE_3, { message: 'unit must be a 3-digit customs unit code' })
  unit!: string;

  @ApiProperty({ description: '法定计量单位: 与原申报清单保持一致', example: '011' })
  @Matches(CODE_3, { message: 'unit1 must be a 3-digit customs unit code' })
  unit1!: string;

  @ApiPropertyOptional({ description: '第二数量 (N19,5): 不大于原申报清单法定第二数量' })
  @IsOptional()
  @Matches(DECIMAL_19_5, { message: 'qty2 must be a decimal string N19,5' })
  qty2?: string;

  @ApiPropertyOptional({ description: '第二计量单位: 与原申报清单保持一致' })
  @IsOptional()
  @Matches(CODE_3, { message: 'unit2 must be a 3-digit customs unit code' })
  unit2?: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** One CEB213 `InvtRefund`: a head and 1..100 returned lines (XSD maxOccurs 100). */
export class ExportRefund {
  @ApiProperty({ type: ExportInvtRefundHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportInvtRefundHead)
  InvtRefundHead!: ExportInvtRefundHead;

  @ApiProperty({ type: [ExportInvtRefundList], minItems: 1, maxItems: 100 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Type(() => ExportInvtRefundList)
  InvtRefundList!: ExportInvtRefundList[];
}

/**
 * Rules of an export return beyond its fields, each from the XSD annotation: the country it comes back from
 * "不能为中国"; a line names a line of the original list (项号), so once; and returns a quantity (a line of 0 returns
 * nothing). That the quantities are at most the exported ones is a rule against the list, which customs holds.
 */
export function checkExportRefund(refund: ExportRefund): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (refund.InvtRefundHead.country === COUNTRY_CHINA) {
    violations.push({
      path: 'InvtRefundHead.country',
      rule: 'country.notChina',
      message: 'country is where the goods come back from: 不能为中国 (142)',
    });
  }
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
    if (isCebDecimal(line.qty) && !dec(line.qty).greaterThan(0)) {
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

const list = EXPORT_INVENTORY_EXAMPLE.InventoryHead;
const shirts = EXPORT_INVENTORY_EXAMPLE.InventoryList[0];

/** The example return of the demo set: 2 of the 10 T-shirts of the demo export list come back by air. */
export const EXPORT_REFUND_EXAMPLE: ExportRefund = {
  InvtRefundHead: {
    guid: '3F8A1C2D-6B4E-4A7F-9D0C-5E1B2A3C0213',
    appType: '1',
    appTime: '20261201100000',
    appStatus: '2',
    customsCode: list.customsCode,
    ebpCode: list.ebpCode,
    ebpName: list.ebpName,
    ebcCode: list.ebcCode,
    ebcName: list.ebcName,
    logisticsNo: 'RTNLN2026120100001',
    logisticsCode: DEMO_ENTERPRISES.logistics.customsCode,
    logisticsName: DEMO_ENTERPRISES.logistics.name,
    coElNo: 'RTN20261201000001',
    invtNo: EXPORT_INVENTORY_INVT_NO,
    tradeMode: list.tradeMode,
    agentCode: list.agentCode,
    agentName: list.agentName,
    billNo: '999-20261201',
    ieFlag: 'I',
    trafMode: '5',
    trafName: 'CA988',
    portCode: list.portCode,
    reason: '境外消费者拒收, 商品退运',
    country: list.country,
    voyageNo: 'CA988/20261201',
  },
  InvtRefundList: [
    {
      gnum: shirts.gnum,
      gcode: shirts.gcode,
      gname: shirts.gname,
      gmodel: shirts.gmodel,
      qty: '2',
      qty1: '2',
      unit: shirts.unit,
      unit1: shirts.unit1,
    },
  ],
};

/**
 * Sent by the e-commerce enterprise (XSD: "退货申请单数据报文（电商企业）"; REFERENCE.md 3.2), whose code is the
 * list's consignor (收发货人). The XSD carries no order number: the Kafka key is the original list number.
 */
export const CEB213: DocumentDescriptor<ExportRefund> = {
  messageType: 'CEB213',
  title: '零售出口退货申请单 export return',
  flow: 'export',
  rootElement: 'CEB213Message',
  documentElement: 'InvtRefund',
  documentClass: ExportRefund,
  repeatedElements: ['InvtRefundList'],
  headElement: 'InvtRefundHead',
  senderRole: 'ebc',
  senderCodeField: 'ebcCode',
  keyOf: (d) => d.InvtRefundHead.invtNo,
  // The return of one enterprise: coElNo is its own number for it, so changes (appType 2/3) keep the identity.
  identityOf: (d) => `${d.InvtRefundHead.ebcCode}:${d.InvtRefundHead.coElNo}`,
  versionOf: (d) => ({ appType: d.InvtRefundHead.appType, appTime: d.InvtRefundHead.appTime }),
  check: checkExportRefund,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_REFUND_EXAMPLE,
};
