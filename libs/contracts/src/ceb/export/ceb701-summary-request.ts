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
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CUSTOMS_DISTRICT, ENTERPRISE_CODE, GUID } from '../patterns';
import { messageSequenceViolations, uniqueViolations } from './ceb507-arrival';
import { EXPORT_INVENTORY_EXAMPLE, EXPORT_INVENTORY_INVT_NO } from './ceb603-inventory';

/** `summaryFlag`: 1 按收发货人单一汇总, 2 按收发货人和生产销售单位汇总. */
export const SummaryFlag = { ByConsignor: '1', ByConsignorAndOwner: '2' } as const;
export type SummaryFlag = (typeof SummaryFlag)[keyof typeof SummaryFlag];

/**
 * `itemNameFlag`: 1 按清单原始商品名相同汇总; the XSD makes the element mandatory although the text says "不填则按
 * 商品综合分类名汇总", so 0 stands for "not by item name".
 */
export const ItemNameFlag = { ByClassification: '0', ByItemName: '1' } as const;
export type ItemNameFlag = (typeof ItemNameFlag)[keyof typeof ItemNameFlag];

/** CEB701 `SummaryApplyHead` (汇总申请单表头, 202205 export XSD). */
export class ExportSummaryApplyHead {
  @ApiProperty({
    description: '系统唯一序号: 企业系统生成36位唯一序号（英文字母大写）',
    example: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405007',
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

  @ApiProperty({ description: '报送时间: 企业报送时间 YYYYMMDDhhmmss', example: '20261201090000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({
    description: '报送状态: 1 暂存, 2 申报 (默认为2)',
    enum: Object.values(AppStatus),
    example: '2',
  })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '申报地海关代码: 4位海关编号《海关关区代码》', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({
    description: '企业唯一编号: 企业生成标识唯一编号',
    maxLength: 30,
    example: 'SUM20261201000001',
  })
  @IsString()
  @Length(1, 30)
  copNo!: string;

  @ApiPropertyOptional({ description: '预录入编号: 电子口岸标识单证的编号', maxLength: 18 })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  preNo?: string;

  @ApiPropertyOptional({ description: '汇总申请编号: 海关反馈生成的汇总申请编号', maxLength: 18 })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  sumNo?: string;

  @ApiProperty({ description: '申报单位代码: 申报单位的10位海关代码或者18位信用代码', example: '3301980004' })
  @Matches(ENTERPRISE_CODE, {
    message: 'agentCode must be a 10-character customs code or an 18-character credit code',
  })
  agentCode!: string;

  @ApiProperty({
    description: '申报单位名称: 申报单位的海关备案名称',
    maxLength: 100,
    example: '示范报关有限公司',
  })
  @IsString()
  @Length(1, 100)
  agentName!: string;

  @ApiProperty({ description: '收发货人代码: 电商企业的10位海关代码或者18位信用代码', example: '3301960002' })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebcCode must be a 10-character customs code or an 18-character credit code',
  })
  ebcCode!: string;

  @ApiProperty({
    description: '收发货人名称: 电商企业的海关备案名称',
    maxLength: 100,
    example: '示范海外旗舰店',
  })
  @IsString()
  @Length(1, 100)
  ebcName!: string;

  @ApiProperty({
    description: '报关单位代码: 报关单申报单位的10位海关代码或者18位信用代码',
    example: '3301980004',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'declAgentCode must be a 10-character customs code or an 18-character credit code',
  })
  declAgentCode!: string;

  @ApiProperty({
    description: '报关单位名称: 报关单申报单位的海关备案名称',
    maxLength: 100,
    example: '示范报关有限公司',
  })
  @IsString()
  @Length(1, 100)
  declAgentName!: string;

  @ApiPropertyOptional({
    description:
      '汇总开始时间 YYYYMMDDhhmmss: 汇总指定时间范围的清单，填写须成对，结束时间须大于等于开始时间。如指定时间范围将忽略表体数据',
  })
  @IsOptional()
  @Matches(APP_TIME, { message: 'startTime must be YYYYMMDDhhmmss' })
  startTime?: string;

  @ApiPropertyOptional({
    description: '汇总结束时间 YYYYMMDDhhmmss: 与开始时间成对填写，须大于等于开始时间',
  })
  @IsOptional()
  @Matches(APP_TIME, { message: 'endTime must be YYYYMMDDhhmmss' })
  endTime?: string;

  @ApiPropertyOptional({
    description: '监管场所代码: 针对同一申报地海关下有多个跨境电子商务的监管场所,需要填写区分',
    maxLength: 10,
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  loctNo?: string;

  @ApiProperty({
    description: '收发货人汇总标志: 1 按收发货人单一汇总, 2 按收发货人和生产销售单位汇总',
    enum: Object.values(SummaryFlag),
    example: '1',
  })
  @IsIn(Object.values(SummaryFlag))
  summaryFlag!: SummaryFlag;

  @ApiProperty({
    description: '按商品名汇总标志: 1 按清单原始商品名相同汇总, 0 按商品综合分类名汇总',
    enum: Object.values(ItemNameFlag),
    example: '1',
  })
  @IsIn(Object.values(ItemNameFlag))
  itemNameFlag!: ItemNameFlag;

  @ApiProperty({ description: '报文总数: 拆分后的报文总数, 未拆分的填1 (N9)', example: 1 })
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  msgCount!: number;

  @ApiProperty({
    description: '报文序号: 当前报文序号，以1开始，未拆分的填1，拆分的报文需要连续编号，不得跳号 (N9)',
    example: 1,
  })
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  msgSeqNo!: number;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** CEB701 `SummaryApplyList`: one list to summarise. */
export class ExportSummaryApplyList {
  @ApiProperty({
    description: '清单编号: 待汇总的清单编号（4位关区+4位年+1位进出口标记+9至11位流水号, C18..20）',
    example: '29242026E000000001',
  })
  @IsString()
  @Length(18, 20)
  invtNo!: string;
}

/** One CEB701 `SummaryApply`: a head and the lists to summarise (none when a time range is given). */
export class ExportSummaryRequest {
  @ApiProperty({ type: ExportSummaryApplyHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportSummaryApplyHead)
  SummaryApplyHead!: ExportSummaryApplyHead;

  @ApiPropertyOptional({ type: [ExportSummaryApplyList] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ExportSummaryApplyList)
  SummaryApplyList?: ExportSummaryApplyList[];
}

const timeViolations = (head: ExportSummaryApplyHead): RuleViolation[] => {
  const { startTime, endTime } = head;
  if (!startTime !== !endTime) {
    const missing = startTime ? 'endTime' : 'startTime';
    return [
      {
        path: `SummaryApplyHead.${missing}`,
        rule: 'startTime.pairedWithEndTime',
        message: 'startTime and endTime select the lists together: give both or neither',
      },
    ];
  }
  if (startTime && endTime && APP_TIME.test(startTime) && APP_TIME.test(endTime) && endTime < startTime) {
    return [
      {
        path: 'SummaryApplyHead.endTime',
        rule: 'endTime.notBeforeStartTime',
        message: `endTime ${endTime} must not be before startTime ${startTime}`,
      },
    ];
  }
  return [];
};

/**
 * Rules of a summary request: a time range (paired, in order) or else at least one list, each list once, split
 * numbering. With a time range customs ignores the lists, so they are not required then.
 */
export function checkExportSummaryRequest(request: ExportSummaryRequest): RuleViolation[] {
  const head = request.SummaryApplyHead;
  const lists = request.SummaryApplyList ?? [];
  const violations = uniqueViolations(
    lists.map((l) => l.invtNo),
    'SummaryApplyList',
    'invtNo',
  );
  if (!head) return violations;
  violations.push(...timeViolations(head), ...messageSequenceViolations(head, 'SummaryApplyHead'));
  if (!head.startTime && !head.endTime && lists.length === 0) {
    violations.push({
      path: 'SummaryApplyList',
      rule: 'SummaryApplyList.requiredWithoutTimeRange',
      message:
        'without a time range (startTime/endTime) the request must list the lists (invtNo) to summarise',
    });
  }
  return violations;
}

/** The demo agent asks to summarise the demo list (statisticsFlag B) for the seller, by list number. */
export const EXPORT_SUMMARY_REQUEST_EXAMPLE: ExportSummaryRequest = {
  SummaryApplyHead: {
    guid: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405007',
    appType: '1',
    appTime: '20261201090000',
    appStatus: '2',
    customsCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.customsCode,
    copNo: 'SUM20261201000001',
    agentCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.agentCode,
    agentName: EXPORT_INVENTORY_EXAMPLE.InventoryHead.agentName,
    ebcCode: EXPORT_INVENTORY_EXAMPLE.InventoryHead.ebcCode,
    ebcName: EXPORT_INVENTORY_EXAMPLE.InventoryHead.ebcName,
    declAgentCode: DEMO_ENTERPRISES.agent.customsCode,
    declAgentName: DEMO_ENTERPRISES.agent.name,
    summaryFlag: '1',
    itemNameFlag: '1',
    msgCount: 1,
    msgSeqNo: 1,
  },
  SummaryApplyList: [{ invtNo: EXPORT_INVENTORY_INVT_NO }],
};

/**
 * Sent by the declaring enterprise (agentCode, 申报单位). A summary request covers many lists of one consignor and
 * carries no order number: it is keyed by the agent's own document number (all parts of a split message together),
 * identified per part by msgSeqNo.
 */
export const CEB701: DocumentDescriptor<ExportSummaryRequest> = {
  messageType: 'CEB701',
  title: '汇总申请单 export summary declaration request',
  flow: 'export',
  rootElement: 'CEB701Message',
  documentElement: 'SummaryApply',
  documentClass: ExportSummaryRequest,
  repeatedElements: ['SummaryApplyList'],
  headElement: 'SummaryApplyHead',
  senderRole: 'agent',
  senderCodeField: 'agentCode',
  keyOf: (d) => `${d.SummaryApplyHead.agentCode}:${d.SummaryApplyHead.copNo}`,
  identityOf: (d) =>
    `${d.SummaryApplyHead.agentCode}:${d.SummaryApplyHead.copNo}:${d.SummaryApplyHead.msgSeqNo}`,
  versionOf: (d) => ({ appType: d.SummaryApplyHead.appType, appTime: d.SummaryApplyHead.appTime }),
  check: checkExportSummaryRequest,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_SUMMARY_REQUEST_EXAMPLE,
};
