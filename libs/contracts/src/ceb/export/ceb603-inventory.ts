import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDefined,
  ArrayMinSize,
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

import { orderKey } from '../../keys';
import { AppStatus, AppType } from '../code-lists';
import { dec, money, sameAmount } from '../decimal';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CODE_3, CUSTOMS_DISTRICT, DATE_8, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import {
  EXPORT_ORDER_EXAMPLE,
  type ExportCurrency,
  gnumSequenceViolations,
  isCebDecimal,
} from './ceb303-order';
import { EXPORT_WAYBILL_EXAMPLE } from './ceb505-waybill';

/** One-character transport mode (JGS-20 运输方式代码); the full table is not confirmed (REFERENCE.md 5). */
export const TRAF_MODE = /^[0-9A-Z]$/;

/** `ownerCode`: an enterprise code, or `NO` for a producer not registered with customs (202205 PDF table 2-38). */
export const OWNER_CODE = /^([0-9A-Z]{10}([0-9A-Z]{8})?|NO)$/;

/**
 * Export `tradeMode` (监管方式): 9610 一般出口, 1210 / 1239 特殊区域出口 (XSD), 9710 B2B 直接出口, 9810 出口海外仓
 * (202205 PDF table 2-38 and revision note).
 */
export const ExportTradeMode = {
  General: '9610',
  SpecialZone: '1210',
  SpecialZoneA: '1239',
  B2BDirect: '9710',
  OverseasWarehouse: '9810',
} as const;
export type ExportTradeMode = (typeof ExportTradeMode)[keyof typeof ExportTradeMode];

/** Trade modes of special customs supervision zones, where zone enterprise, account book and record no. are due. */
export const SPECIAL_ZONE_TRADE_MODES: readonly string[] = [
  ExportTradeMode.SpecialZone,
  ExportTradeMode.SpecialZoneA,
];

/** `statisticsFlag`: A 简化申报 (no licence, no export duty, no export tax refund), B 汇总申报. */
export const StatisticsFlag = { Simplified: 'A', Summary: 'B' } as const;
export type StatisticsFlag = (typeof StatisticsFlag)[keyof typeof StatisticsFlag];

/** `fFlag` / `iFlag` (运费/保费标志): 1 率, 2 单价, 3 总价. */
export const FeeFlag = { Rate: '1', UnitPrice: '2', Total: '3' } as const;
export type FeeFlag = (typeof FeeFlag)[keyof typeof FeeFlag];

/** The list number customs assigns to the demo list once it is concluded (4位关区+4位年+E+9位流水号). */
export const EXPORT_INVENTORY_INVT_NO = '29242026E000000001';

/** CEB603 `InventoryHead` (202205 export XSD, REFERENCE.md 4.6). */
export class ExportInventoryHead {
  @ApiProperty({
    description: '系统唯一序号: 36位系统唯一序号（英文字母大写）',
    example: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405004',
  })
  @Matches(GUID, {
    message:
      'guid must be 36 characters: digits, upper-case letters and hyphens (「36位唯一序号（英文字母大写）」)',
  })
  guid!: string;

  @ApiProperty({
    description: '申报类型: 1 新增, 2 变更, 3 删除',
    enum: Object.values(AppType),
    example: '1',
  })
  @IsIn(Object.values(AppType))
  appType!: AppType;

  @ApiProperty({ description: '业务时间 YYYYMMDDhhmmss', example: '20261121103000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '企业报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '申报海关代码: 办理通关手续的4位海关编号', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({ description: '电商平台代码: 电商平台的海关登记编号', example: '3301960001' })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebpCode must be a 10-character customs code or an 18-character credit code',
  })
  ebpCode!: string;

  @ApiProperty({ description: '电商平台名称', maxLength: 100, example: '杭州示范跨境电商平台有限公司' })
  @IsString()
  @Length(1, 100)
  ebpName!: string;

  @ApiProperty({
    description: '订单编号: 电商平台原始订单编号',
    maxLength: 60,
    example: 'EXP20261121000001',
  })
  @IsString()
  @Length(1, 60)
  orderNo!: string;

  @ApiProperty({ description: '物流企业代码: 10位海关代码或者18位信用代码', example: '3301980003' })
  @Matches(ENTERPRISE_CODE, {
    message: 'logisticsCode must be a 10-character customs code or an 18-character credit code',
  })
  logisticsCode!: string;

  @ApiProperty({ description: '物流企业名称', maxLength: 100, example: '示范国际物流有限公司' })
  @IsString()
  @Length(1, 100)
  logisticsName!: string;

  @ApiProperty({ description: '物流运单编号', maxLength: 32, example: 'EXPLN2026112100001' })
  @IsString()
  @Length(1, 32)
  logisticsNo!: string;

  @ApiProperty({ description: '企业唯一编号', maxLength: 30, example: 'INVT20261121000001' })
  @IsString()
  @Length(1, 30)
  copNo!: string;

  @ApiPropertyOptional({ description: '预录入编号: 电子口岸标识单证的编号 (C18)' })
  @IsOptional()
  @IsString()
  @Length(18, 18)
  preNo?: string;

  @ApiPropertyOptional({
    description: '清单编号: 海关审结标识唯一编号（4位关区+4位年+1位进出口标记+9至11位流水号, C18..20）',
  })
  @IsOptional()
  @IsString()
  @Length(18, 20)
  invtNo?: string;

  @ApiProperty({ description: '进出口标志: E 出口', enum: ['E'], example: 'E' })
  @IsIn(['E'])
  ieFlag!: 'E';

  @ApiProperty({ description: '出口口岸海关代码: 商品实际出我国关境口岸海关的关区代码', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'portCode must be a 4-digit customs district code' })
  portCode!: string;

  @ApiProperty({ description: '出口日期 YYYYMMDD', example: '20261121' })
  @Matches(DATE_8, { message: 'ieDate must be YYYYMMDD' })
  ieDate!: string;

  @ApiProperty({
    description:
      '申报业务类型: A 简化申报, B 汇总申报; 若采用A简化申报，则要求商品不涉许可证、不涉出口关税、不涉及出口退税，商品编码按税则表前4位填写',
    enum: Object.values(StatisticsFlag),
    example: 'B',
  })
  @IsIn(Object.values(StatisticsFlag))
  statisticsFlag!: StatisticsFlag;

  @ApiProperty({
    description: '报关企业代码: 10位海关代码或者18位信用代码 (申报企业)',
    example: '3301980004',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'agentCode must be a 10-character customs code or an 18-character credit code',
  })
  agentCode!: string;

  @ApiProperty({ description: '报关企业名称', maxLength: 100, example: '示范报关有限公司' })
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

  @ApiProperty({
    description: '生产销售单位代码: 实际发货人的企业的10位海关代码或者18位信用代码, 未在海关登记的填 NO',
    example: '3301960002',
  })
  @Matches(OWNER_CODE, {
    message: 'ownerCode must be a 10-character customs code, an 18-character credit code or NO',
  })
  ownerCode!: string;

  @ApiProperty({
    description: '生产销售单位名称: 实际发货人的企业名称',
    maxLength: 100,
    example: '示范海外旗舰店',
  })
  @IsString()
  @Length(1, 100)
  ownerName!: string;

  @ApiPropertyOptional({ description: '区内企业代码: 特殊区域出口模式 (1210/1239) 必填' })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, {
    message: 'iacCode must be a 10-character customs code or an 18-character credit code',
  })
  iacCode?: string;

  @ApiPropertyOptional({
    description: '区内企业名称: 特殊区域内仓储企业名称, 特殊区域出口模式 (1210/1239) 必填',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  iacName?: string;

  @ApiPropertyOptional({ description: '账册编号: 特殊区域出口模式 (1210/1239) 必填', maxLength: 30 })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  emsNo?: string;

  @ApiProperty({
    description: '贸易方式: 一般出口 9610, 特殊区域出口 1210/1239, B2B 出口 9710, 出口海外仓 9810',
    enum: Object.values(ExportTradeMode),
    example: '9610',
  })
  @IsIn(Object.values(ExportTradeMode))
  tradeMode!: ExportTradeMode;

  @ApiProperty({ description: '运输方式代码: 海关参数代码 (JGS-20 运输方式, e.g. 5 航空运输)', example: '5' })
  @Matches(TRAF_MODE, { message: 'trafMode must be a one-character customs transport mode code' })
  trafMode!: string;

  @ApiPropertyOptional({ description: '运输工具名称 (可后置申报清单总分单, 允许为空)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  trafName?: string;

  @ApiPropertyOptional({ description: '航班航次号: 物流企业提供', maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  voyageNo?: string;

  @ApiPropertyOptional({ description: '提运单号: 物流企业提供', maxLength: 37 })
  @IsOptional()
  @IsString()
  @MaxLength(37)
  billNo?: string;

  @ApiPropertyOptional({
    description: '总包号: 物流企业对于一个提运单下含有多个大包的托盘编号（邮件为邮袋号）',
    maxLength: 37,
  })
  @IsOptional()
  @IsString()
  @MaxLength(37)
  totalPackageNo?: string;

  @ApiPropertyOptional({ description: '监管场所代码', maxLength: 10 })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  loctNo?: string;

  @ApiPropertyOptional({ description: '许可证号 (简化申报 A 不涉许可证, 不填)', maxLength: 19 })
  @IsOptional()
  @IsString()
  @MaxLength(19)
  licenseNo?: string;

  @ApiProperty({ description: '运抵国（地区）: 海关参数代码 (3-digit customs country code)', example: '502' })
  @Matches(CODE_3, { message: 'country must be a 3-digit customs country code' })
  country!: string;

  @ApiProperty({ description: '指运港代码: 海关参数代码 (3-4 characters)', example: '502' })
  @IsString()
  @Length(3, 4)
  POD!: string;

  @ApiProperty({ description: '运费: 物流企业实际收取的运输费用 (N19,5)', example: '35.00' })
  @Matches(DECIMAL_19_5, { message: 'freight must be a decimal string N19,5' })
  freight!: string;

  @ApiProperty({ description: '运费币制: 海关参数代码 (货币代码)', example: '142' })
  @Matches(CODE_3, { message: 'currency must be a 3-digit customs currency code (JGS-20 货币代码)' })
  fCurrency!: ExportCurrency;

  @ApiProperty({ description: '运费标志: 1 率, 2 单价, 3 总价', enum: Object.values(FeeFlag), example: '3' })
  @IsIn(Object.values(FeeFlag))
  fFlag!: FeeFlag;

  @ApiProperty({ description: '保费: 物流企业实际收取的商品保价费用 (N19,5)', example: '2.00' })
  @Matches(DECIMAL_19_5, { message: 'insuredFee must be a decimal string N19,5' })
  insuredFee!: string;

  @ApiProperty({ description: '保费币制: 海关参数代码 (货币代码)', example: '142' })
  @Matches(CODE_3, { message: 'currency must be a 3-digit customs currency code (JGS-20 货币代码)' })
  iCurrency!: ExportCurrency;

  @ApiProperty({ description: '保费标志: 1 率, 2 单价, 3 总价', enum: Object.values(FeeFlag), example: '3' })
  @IsIn(Object.values(FeeFlag))
  iFlag!: FeeFlag;

  @ApiProperty({
    description: '包装种类代码: 海关对进出口货物实际采用的外部包装方式的标识代码，采用1位数字表示',
    example: '2',
  })
  @Matches(/^\d$/, { message: 'wrapType must be a one-digit customs packaging code' })
  wrapType!: string;

  @ApiProperty({ description: '件数 (包裹数, N9)', example: 1 })
  @IsInt()
  @Min(1)
  @Max(999_999_999)
  packNo!: number;

  @ApiProperty({ description: '毛重（千克）: 货物及其包装材料的重量之和 (N19,5)', example: '2.80' })
  @Matches(DECIMAL_19_5, { message: 'grossWeight must be a decimal string N19,5' })
  grossWeight!: string;

  @ApiProperty({
    description: '净重（千克）: 毛重减去外包装材料后的重量, 不大于毛重 (N19,5)',
    example: '2.30',
  })
  @Matches(DECIMAL_19_5, { message: 'netWeight must be a decimal string N19,5' })
  netWeight!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** CEB603 `InventoryList`: one goods line, in the order's line numbering. */
export class ExportInventoryList {
  @ApiProperty({ description: '商品项号: 从1开始连续序号（与电子订单商品序号关联对应）', example: 1 })
  @IsInt()
  @Min(1)
  @Max(99999)
  gnum!: number;

  @ApiProperty({ description: '企业商品编号 (货号)', maxLength: 20, example: 'EXP-SKU-0001' })
  @IsString()
  @Length(1, 20)
  itemNo!: string;

  @ApiPropertyOptional({ description: '账册备案料号: 保税出口模式 (1210/1239) 必填', maxLength: 30 })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  itemRecordNo?: string;

  @ApiPropertyOptional({
    description: '企业商品名称: 企业自定义的商品名称，汇总后用于退税品名',
    maxLength: 250,
    example: '纯棉针织T恤',
  })
  @IsOptional()
  @IsString()
  @MaxLength(250)
  itemName?: string;

  @ApiProperty({
    description: '海关商品编码（10位）; 简化申报的商品前4位按税则归类申报',
    example: '6109100021',
  })
  @Matches(/^\d{10}$/, { message: 'gcode must be a 10-digit customs commodity code' })
  gcode!: string;

  @ApiProperty({ description: '商品名称', maxLength: 250, example: '棉制针织T恤衫' })
  @IsString()
  @Length(1, 250)
  gname!: string;

  @ApiProperty({ description: '规格型号 (申报要素)', maxLength: 250, example: '针织|100%棉|男式|示范牌' })
  @IsString()
  @Length(1, 250)
  gmodel!: string;

  @ApiProperty({ description: '条形码; 没有条形码填"无"', maxLength: 50, example: '6901234567892' })
  @IsString()
  @Length(1, 50)
  barCode!: string;

  @ApiProperty({ description: '最终目的国（地区）代码 (3-digit customs country code)', example: '502' })
  @Matches(CODE_3, { message: 'country must be a 3-digit customs country code' })
  country!: string;

  @ApiProperty({ description: '币制代码', example: '142' })
  @Matches(CODE_3, { message: 'currency must be a 3-digit customs currency code (JGS-20 货币代码)' })
  currency!: ExportCurrency;

  @ApiProperty({ description: '申报数量 (N19,5)', example: '10' })
  @Matches(DECIMAL_19_5, { message: 'qty must be a decimal string N19,5' })
  qty!: string;

  @ApiProperty({ description: '法定数量 (N19,5); 申报单位与法定单位相同时等于申报数量', example: '10' })
  @Matches(DECIMAL_19_5, { message: 'qty1 must be a decimal string N19,5' })
  qty1!: string;

  @ApiPropertyOptional({ description: '第二数量 (N19,5); 与第二计量单位同填', example: '1.80' })
  @IsOptional()
  @Matches(DECIMAL_19_5, { message: 'qty2 must be a decimal string N19,5' })
  qty2?: string;

  @ApiProperty({ description: '申报计量单位: 海关参数代码', example: '011' })
  @Matches(CODE_3, { message: 'unit must be a 3-digit customs unit code' })
  unit!: string;

  @ApiProperty({ description: '法定计量单位: 海关参数代码', example: '011' })
  @Matches(CODE_3, { message: 'unit1 must be a 3-digit customs unit code' })
  unit1!: string;

  @ApiPropertyOptional({ description: '第二计量单位: 海关参数代码', example: '035' })
  @IsOptional()
  @Matches(CODE_3, { message: 'unit2 must be a 3-digit customs unit code' })
  unit2?: string;

  @ApiProperty({ description: '单价: 成交单价 FOB (N19,5)', example: '45.50' })
  @Matches(DECIMAL_19_5, { message: 'price must be a decimal string N19,5' })
  price!: string;

  @ApiProperty({ description: '总价 = 成交数量 × 单价 (N19,5)', example: '455.00' })
  @Matches(DECIMAL_19_5, { message: 'totalPrice must be a decimal string N19,5' })
  totalPrice!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB603 `Inventory`: a head and 1..100 goods lines. */
export class ExportInventory {
  @ApiProperty({ type: ExportInventoryHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportInventoryHead)
  InventoryHead!: ExportInventoryHead;

  @ApiProperty({ type: [ExportInventoryList], minItems: 1, maxItems: 100 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Type(() => ExportInventoryList)
  InventoryList!: ExportInventoryList[];
}

const present = (value: string | undefined): value is string => typeof value === 'string' && value !== '';

function lineViolations(line: ExportInventoryList, i: number, specialZone: boolean): RuleViolation[] {
  const at = `InventoryList[${i}]`;
  const violations: RuleViolation[] = [];
  if (isCebDecimal(line.qty) && isCebDecimal(line.price) && isCebDecimal(line.totalPrice)) {
    const expected = dec(line.qty).times(line.price);
    if (!sameAmount(line.totalPrice, expected)) {
      violations.push({
        path: `${at}.totalPrice`,
        rule: 'totalPrice.equalsQtyTimesPrice',
        message: `totalPrice ${line.totalPrice} must equal qty × price = ${money(expected)}`,
      });
    }
  }
  if (
    line.unit === line.unit1 &&
    isCebDecimal(line.qty) &&
    isCebDecimal(line.qty1) &&
    !dec(line.qty).eq(line.qty1)
  ) {
    violations.push({
      path: `${at}.qty1`,
      rule: 'qty1.equalsQtyWhenSameUnit',
      message: `qty1 ${line.qty1} must equal qty ${line.qty} when the legal unit is the declared unit ${line.unit}`,
    });
  }
  const wellFormed =
    (!present(line.qty2) || isCebDecimal(line.qty2)) && (!present(line.unit2) || CODE_3.test(line.unit2));
  if (wellFormed && present(line.unit2) !== (present(line.qty2) && dec(line.qty2).gt(0))) {
    violations.push({
      path: `${at}.qty2`,
      rule: 'qty2.pairedWithUnit2',
      message: 'qty2 (greater than 0) and unit2 go together: give both or neither',
    });
  }
  if (specialZone && !present(line.itemRecordNo)) {
    violations.push({
      path: `${at}.itemRecordNo`,
      rule: 'itemRecordNo.requiredForSpecialZone',
      message: 'itemRecordNo (账册备案料号) is required in the bonded special-zone export modes 1210/1239',
    });
  }
  return violations;
}

/**
 * Rules of an export list: line arithmetic and numbering, legal and second quantities, weights, the special-zone
 * fields of 1210/1239, and no licence under simplified declaration (A).
 */
export function checkExportInventory(inventory: ExportInventory): RuleViolation[] {
  const head = inventory.InventoryHead;
  const lines = inventory.InventoryList ?? [];
  const specialZone = SPECIAL_ZONE_TRADE_MODES.includes(head?.tradeMode);
  const violations: RuleViolation[] = lines.flatMap((line, i) => lineViolations(line, i, specialZone));
  violations.push(...gnumSequenceViolations(lines, 'InventoryList'));
  if (!head) return violations;
  if (specialZone) {
    for (const field of ['iacCode', 'iacName', 'emsNo'] as const) {
      if (!present(head[field])) {
        violations.push({
          path: `InventoryHead.${field}`,
          rule: `${field}.requiredForSpecialZone`,
          message: `${field} is required in the special-zone export modes 1210/1239`,
        });
      }
    }
  }
  if (
    isCebDecimal(head.netWeight) &&
    isCebDecimal(head.grossWeight) &&
    dec(head.netWeight).gt(head.grossWeight)
  ) {
    violations.push({
      path: 'InventoryHead.netWeight',
      rule: 'netWeight.notAboveGrossWeight',
      message: `netWeight ${head.netWeight} kg must not exceed grossWeight ${head.grossWeight} kg`,
    });
  }
  if (head.statisticsFlag === StatisticsFlag.Simplified && present(head.licenseNo)) {
    violations.push({
      path: 'InventoryHead.licenseNo',
      rule: 'licenseNo.absentForSimplified',
      severity: 'warning',
      message:
        'simplified declaration (statisticsFlag A) is only for goods without a licence: licenseNo must be empty',
    });
  }
  return violations;
}

/**
 * The export list of the demo order: declared by the demo agent under 9610, the order's lines, 607.00 RMB (well
 * within 5,000 RMB), summary declaration (B) so it is summarised by the CEB701 example.
 */
export const EXPORT_INVENTORY_EXAMPLE: ExportInventory = {
  InventoryHead: {
    guid: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405004',
    appType: '1',
    appTime: '20261121103000',
    appStatus: '2',
    customsCode: '2924',
    ebpCode: EXPORT_ORDER_EXAMPLE.OrderHead.ebpCode,
    ebpName: EXPORT_ORDER_EXAMPLE.OrderHead.ebpName,
    orderNo: EXPORT_ORDER_EXAMPLE.OrderHead.orderNo,
    logisticsCode: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsCode,
    logisticsName: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsName,
    logisticsNo: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsNo,
    copNo: 'INVT20261121000001',
    ieFlag: 'E',
    portCode: '2924',
    ieDate: '20261121',
    statisticsFlag: 'B',
    agentCode: DEMO_ENTERPRISES.agent.customsCode,
    agentName: DEMO_ENTERPRISES.agent.name,
    ebcCode: EXPORT_ORDER_EXAMPLE.OrderHead.ebcCode,
    ebcName: EXPORT_ORDER_EXAMPLE.OrderHead.ebcName,
    ownerCode: EXPORT_ORDER_EXAMPLE.OrderHead.ebcCode,
    ownerName: EXPORT_ORDER_EXAMPLE.OrderHead.ebcName,
    tradeMode: '9610',
    trafMode: '5',
    country: '502',
    POD: '502',
    freight: EXPORT_WAYBILL_EXAMPLE.Logistics.freight,
    fCurrency: '142',
    fFlag: '3',
    insuredFee: EXPORT_WAYBILL_EXAMPLE.Logistics.insuredFee,
    iCurrency: '142',
    iFlag: '3',
    wrapType: '2',
    packNo: EXPORT_WAYBILL_EXAMPLE.Logistics.packNo,
    grossWeight: EXPORT_WAYBILL_EXAMPLE.Logistics.grossWeight,
    netWeight: '2.30',
  },
  InventoryList: [
    {
      gnum: 1,
      itemNo: 'EXP-SKU-0001',
      itemName: '纯棉针织T恤',
      gcode: '6109100021',
      gname: '棉制针织T恤衫',
      gmodel: '针织|100%棉|男式|示范牌',
      barCode: '6901234567892',
      country: '502',
      currency: '142',
      qty: '10',
      qty1: '10',
      qty2: '1.80',
      unit: '011',
      unit1: '011',
      unit2: '035',
      price: '45.50',
      totalPrice: '455.00',
    },
    {
      gnum: 2,
      itemNo: 'EXP-SKU-0002',
      itemName: '陶瓷马克杯',
      gcode: '6912001000',
      gname: '陶瓷马克杯',
      gmodel: '陶制|餐具|350毫升|示范牌',
      barCode: '6901234567908',
      country: '502',
      currency: '142',
      qty: '4',
      qty1: '1.60',
      unit: '007',
      unit1: '035',
      price: '38.00',
      totalPrice: '152.00',
    },
  ],
};

/** Sent by the declaring enterprise named in agentCode (申报企业); an ebc declaring for itself needs the agent role. */
export const CEB603: DocumentDescriptor<ExportInventory> = {
  messageType: 'CEB603',
  title: '出口清单 export inventory list',
  flow: 'export',
  rootElement: 'CEB603Message',
  documentElement: 'Inventory',
  documentClass: ExportInventory,
  repeatedElements: ['InventoryList'],
  headElement: 'InventoryHead',
  senderRole: 'agent',
  senderCodeField: 'agentCode',
  keyOf: (d) => orderKey(d.InventoryHead.orderNo),
  identityOf: (d) => `${d.InventoryHead.agentCode}:${d.InventoryHead.copNo}`,
  versionOf: (d) => ({ appType: d.InventoryHead.appType, appTime: d.InventoryHead.appTime }),
  check: checkExportInventory,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_INVENTORY_EXAMPLE,
};
