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
import { AppStatus, AppType, CURRENCY_RMB, IdType } from '../code-lists';
import { dec, money, sameAmount } from '../decimal';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CODE_3, CUSTOMS_DISTRICT, DATE_8, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';
import { IMPORT_ORDER_EXAMPLE } from './ceb311-order';
import { EXAMPLE_LOGISTICS_NO, IMPORT_WAYBILL_EXAMPLE } from './ceb511-waybill';

/** 监管方式 of an import list (XSD: "直购进口填写9610，保税进口填写1210"). */
export const ImportTradeMode = { DirectPurchase: '9610', Bonded: '1210' } as const;
export type ImportTradeMode = (typeof ImportTradeMode)[keyof typeof ImportTradeMode];

/** 运输方式代码 (JGS-20), one character; REFERENCE.md section 5 and the customs declaration code table. */
export const TRAF_MODES = {
  '0': '非保税区',
  '1': '监管仓库',
  '2': '水路运输',
  '3': '铁路运输',
  '4': '公路运输',
  '5': '航空运输',
  '6': '邮件运输',
  '7': '保税区',
  '8': '保税仓库',
  '9': '其它运输',
  G: '固定设施运输',
  H: '边境特殊海关作业区',
  L: '旅客携带',
  T: '综合实验区',
  W: '物流中心',
  X: '物流园区',
  Y: '保税港区',
  Z: '出口加工区',
} as const;
export type TrafMode = keyof typeof TRAF_MODES;

/** Country code a bonded (1210) list must carry: 中国. */
export const COUNTRY_CHINA = '142';

/** 商品编号: 8-digit tariff line plus 2 additional digits. */
export const HS_CODE = /^\d{10}$/;

/**
 * The list number customs gives the example list in its CEB622 receipt (4位关区 + 4位年 + I + 9位流水号); the
 * cancel (CEB623) and the return (CEB625) examples refer to the list by it.
 */
export const EXAMPLE_INVT_NO = '29242026I000000001';

/** CEB621 `InventoryHead` (202205 import XSD, REFERENCE.md 4.5). */
export class InventoryHead {
  @ApiProperty({
    description: '企业系统生成36位唯一序号（英文字母大写）',
    example: 'C4E2A9B7-1D35-4E86-A0F3-6B9D8E2C7621',
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

  @ApiProperty({ description: '企业报送时间 YYYYMMDDhhmmss', example: '20261121103000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({
    description: '业务状态: 1 暂存, 2 申报 (填写2时报文必须加签)',
    enum: Object.values(AppStatus),
    example: '2',
  })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({
    description: '交易平台的订单编号, 与电子订单一致',
    maxLength: 60,
    example: 'ORD20261121000001',
  })
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

  @ApiProperty({
    description: '物流企业的运单包裹面单号, 与物流运单一致',
    maxLength: 60,
    example: EXAMPLE_LOGISTICS_NO,
  })
  @IsString()
  @Length(1, 60)
  logisticsNo!: string;

  @ApiProperty({ description: '物流企业的海关注册登记编号, 与物流运单一致', example: '3301980003' })
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

  @ApiProperty({
    description: '担保扣税的企业海关注册登记编号, 只限清单的申报企业、电商企业、物流企业',
    maxLength: 30,
    example: '3301980004',
  })
  @IsString()
  @Length(1, 30)
  assureCode!: string;

  @ApiPropertyOptional({
    description: '账册编号: 保税模式 (1210) 必填, 区内仓储企业在海关备案的账册编号',
    maxLength: 30,
    example: 'T2924W000001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  emsNo?: string;

  @ApiPropertyOptional({ description: '海关接受申报生成的清单编号', maxLength: 18 })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  invtNo?: string;

  @ApiProperty({ description: '进出口标志: I 进口', enum: ['I'], example: 'I' })
  @IsIn(['I'])
  ieFlag!: 'I';

  @ApiProperty({ description: '申报日期 YYYYMMDD', example: '20261121' })
  @Matches(DATE_8, { message: 'declTime must be YYYYMMDD' })
  declTime!: string;

  @ApiProperty({ description: '接受清单申报的海关关区代码 (JGS/T 18, 4位)', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({ description: '商品实际进出我国关境口岸海关的关区代码 (4位)', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'portCode must be a 4-digit customs district code' })
  portCode!: string;

  @ApiPropertyOptional({ description: '进口日期 YYYYMMDD; 无法确知时免填' })
  @IsOptional()
  @Matches(DATE_8, { message: 'ieDate must be YYYYMMDD' })
  ieDate?: string;

  @ApiProperty({
    description: '订购人证件类型: 限定为身份证 1',
    enum: [IdType.IdCard],
    example: IdType.IdCard,
  })
  @IsIn([IdType.IdCard])
  buyerIdType!: string;

  @ApiProperty({
    description: '订购人的身份证件号码, 与电子订单一致 (personal data)',
    maxLength: 60,
    example: '110101199003070012',
  })
  @IsString()
  @Length(1, 60)
  buyerIdNumber!: string;

  @ApiProperty({ description: '订购人的真实姓名, 与电子订单一致', maxLength: 60, example: '张三' })
  @IsString()
  @Length(1, 60)
  buyerName!: string;

  @ApiProperty({
    description: '订购人电话, 与电子订单一致 (personal data)',
    maxLength: 30,
    example: '13800000000',
  })
  @IsString()
  @Length(1, 30)
  buyerTelephone!: string;

  @ApiProperty({ description: '收件地址', maxLength: 200, example: '浙江省杭州市西湖区文三路 1 号' })
  @IsString()
  @Length(1, 200)
  consigneeAddress!: string;

  @ApiProperty({ description: '申报单位的海关注册登记编号', example: '3301980004' })
  @Matches(ENTERPRISE_CODE, {
    message: 'agentCode must be a 10-character customs code or an 18-character credit code',
  })
  agentCode!: string;

  @ApiProperty({ description: '申报单位在海关注册登记的名称', maxLength: 100, example: '示范报关有限公司' })
  @IsString()
  @Length(1, 100)
  agentName!: string;

  @ApiPropertyOptional({
    description: '区内仓储企业的海关注册登记编号: 保税模式 (1210) 必填',
    example: '3301980005',
  })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, {
    message: 'areaCode must be a 10-character customs code or an 18-character credit code',
  })
  areaCode?: string;

  @ApiPropertyOptional({
    description: '区内仓储企业名称: 保税模式 (1210) 必填',
    maxLength: 100,
    example: '示范保税仓储有限公司',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  areaName?: string;

  @ApiProperty({
    description: '监管方式: 直购进口 9610, 保税进口 1210',
    enum: Object.values(ImportTradeMode),
    example: ImportTradeMode.Bonded,
  })
  @IsIn(Object.values(ImportTradeMode))
  tradeMode!: ImportTradeMode;

  @ApiProperty({
    description: '运输方式 (JGS-20): 直购进口指跨境段物流运输方式, 保税进口指二线出区物流运输方式',
    example: '4',
  })
  // The XSD names the JGS-20 table and lists no codes; TRAF_MODES names the known ones, another code is taken.
  @Matches(/^[0-9A-Z]$/, { message: 'trafMode must be one JGS-20 transport mode code character (0-9, A-Z)' })
  trafMode!: TrafMode;

  @ApiPropertyOptional({
    description: '运输工具名称或编号: 直购进口 (9610) 必填, 保税进口免填',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  trafNo?: string;

  @ApiPropertyOptional({ description: '航班航次号: 直购进口 (9610) 必填, 保税进口免填', maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  voyageNo?: string;

  @ApiPropertyOptional({ description: '提运单号: 直购进口 (9610) 必填, 保税进口免填', maxLength: 37 })
  @IsOptional()
  @IsString()
  @MaxLength(37)
  billNo?: string;

  @ApiPropertyOptional({ description: '监管场所代码: 同一申报地海关下有多个监管场所时填写', maxLength: 10 })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  loctNo?: string;

  @ApiPropertyOptional({ description: '许可证件编号', maxLength: 19 })
  @IsOptional()
  @IsString()
  @MaxLength(19)
  licenseNo?: string;

  @ApiProperty({
    description: '起运国 (地区) 代码: 直购进口填写起始发出国家 (地区), 保税进口填写 142',
    example: COUNTRY_CHINA,
  })
  @Matches(CODE_3, { message: 'country must be a 3-digit customs country code' })
  country!: string;

  @ApiProperty({ description: '物流企业实际收取的运输费用 (N19,5)', example: '10.00' })
  @Matches(DECIMAL_19_5, { message: 'freight must be a decimal string N19,5' })
  freight!: string;

  @ApiProperty({ description: '物流企业实际收取的商品保价费用 (N19,5)', example: '0' })
  @Matches(DECIMAL_19_5, { message: 'insuredFee must be a decimal string N19,5' })
  insuredFee!: string;

  @ApiProperty({ description: '币制, 限定为人民币 142', enum: [CURRENCY_RMB], example: CURRENCY_RMB })
  @IsIn([CURRENCY_RMB])
  currency!: string;

  @ApiPropertyOptional({
    description: '包装种类代码, 1位数字 (木箱、纸箱、桶装、散装、托盘、包...)',
    example: '2',
  })
  @IsOptional()
  @Matches(/^\d$/, { message: 'wrapType must be a 1-digit packaging code' })
  wrapType?: string;

  @ApiProperty({ description: '件数 (包裹数量), 限定为 1', enum: [1], example: 1 })
  @IsInt()
  @IsIn([1])
  packNo!: number;

  @ApiProperty({ description: '毛重 (N19,5), 货物及其包装材料的重量之和, 千克', example: '2.1' })
  @Matches(DECIMAL_19_5, { message: 'grossWeight must be a decimal string N19,5' })
  grossWeight!: string;

  @ApiProperty({
    description: '净重 (N19,5), 毛重减去外包装材料后的重量, 千克; 大于 0, 不大于毛重',
    example: '1.8',
  })
  @Matches(DECIMAL_19_5, { message: 'netWeight must be a decimal string N19,5' })
  netWeight!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** CEB621 `InventoryList`: one goods line, the same line (`gnum`) as in the order. */
export class InventoryList {
  @ApiProperty({ description: '从1开始连续序号, 与关联的电子订单表体序号一一对应', example: 1 })
  @IsInt()
  @Min(1)
  gnum!: number;

  @ApiPropertyOptional({
    description: '账册备案料号: 保税模式 (1210) 必填',
    maxLength: 30,
    example: 'IR-0001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  itemRecordNo?: string;

  @ApiPropertyOptional({ description: '电商企业自定义的商品货号 (SKU)', maxLength: 20, example: 'SKU-0001' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  itemNo?: string;

  @ApiPropertyOptional({ description: '交易平台销售商品的中文名称', maxLength: 250, example: '婴儿配方奶粉' })
  @IsOptional()
  @IsString()
  @MaxLength(250)
  itemName?: string;

  @ApiProperty({ description: '商品编号 (HS, 10位: 8位税则号列 + 2位附加编号)', example: '1901101000' })
  @Matches(HS_CODE, { message: 'gcode must be a 10-digit HS code' })
  gcode!: string;

  @ApiProperty({ description: '商品名称, 据实填报, 与电子订单一致', maxLength: 250, example: '婴儿配方奶粉' })
  @IsString()
  @Length(1, 250)
  gname!: string;

  @ApiProperty({ description: '规格型号 (申报要素)', maxLength: 510, example: '900克/罐' })
  @IsString()
  @Length(1, 510)
  gmodel!: string;

  @ApiPropertyOptional({ description: '商品条码; 没有条码填 "无"', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  barCode?: string;

  @ApiProperty({ description: '原产国 (地区) 代码 (JGS-20, 3位)', example: '116' })
  @Matches(CODE_3, { message: 'country must be a 3-digit customs country code' })
  country!: string;

  @ApiPropertyOptional({ description: '贸易国 (地区) 代码 (3位)', example: '116' })
  @IsOptional()
  @Matches(CODE_3, { message: 'tradeCountry must be a 3-digit customs country code' })
  tradeCountry?: string;

  @ApiProperty({ description: '币制, 限定为人民币 142', enum: [CURRENCY_RMB], example: CURRENCY_RMB })
  @IsIn([CURRENCY_RMB])
  currency!: string;

  @ApiProperty({ description: '数量 (N19,5), 按成交计量单位的实际数量', example: '2' })
  @Matches(DECIMAL_19_5, { message: 'qty must be a decimal string N19,5' })
  qty!: string;

  @ApiProperty({ description: '成交计量单位代码 (JGS-20)', example: '122' })
  @Matches(CODE_3, { message: 'unit must be a 3-digit customs unit code' })
  unit!: string;

  @ApiProperty({ description: '法定数量 (N19,5); 法定计量单位与成交计量单位相同时等于数量', example: '1.8' })
  @Matches(DECIMAL_19_5, { message: 'qty1 must be a decimal string N19,5' })
  qty1!: string;

  @ApiProperty({ description: '法定计量单位代码 (JGS-20)', example: '035' })
  @Matches(CODE_3, { message: 'unit1 must be a 3-digit customs unit code' })
  unit1!: string;

  @ApiPropertyOptional({ description: '第二数量 (N19,5): 有第二计量单位时必填且大于 0, 否则不填' })
  @IsOptional()
  @Matches(DECIMAL_19_5, { message: 'qty2 must be a decimal string N19,5' })
  qty2?: string;

  @ApiPropertyOptional({ description: '第二计量单位代码 (JGS-20)' })
  @IsOptional()
  @Matches(CODE_3, { message: 'unit2 must be a 3-digit customs unit code' })
  unit2?: string;

  @ApiProperty({ description: '成交单价 (N19,5)', example: '100.00' })
  @Matches(DECIMAL_19_5, { message: 'price must be a decimal string N19,5' })
  price!: string;

  @ApiProperty({ description: '成交总价 = 成交单价 × 数量', example: '200.00' })
  @Matches(DECIMAL_19_5, { message: 'totalPrice must be a decimal string N19,5' })
  totalPrice!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB621 `Inventory`: a head and 1..99 goods lines. */
export class ImportInventory {
  @ApiProperty({ type: InventoryHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => InventoryHead)
  InventoryHead!: InventoryHead;

  @ApiProperty({ type: [InventoryList], minItems: 1, maxItems: 99 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(99)
  @Type(() => InventoryList)
  InventoryList!: InventoryList[];
}

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/**
 * Rules of an import list beyond its fields (REFERENCE.md 4.5 and 7.2): line arithmetic and numbering, weights,
 * quantities in the legal units, the tax guarantor, and the fields the XSD makes mandatory per trade mode
 * (直购 9610: conveyance, voyage and bill; 保税 1210: account book, zone warehouse, item record, country 142).
 */
export function checkImportInventory(inventory: ImportInventory): RuleViolation[] {
  const head = inventory.InventoryHead;
  const violations: RuleViolation[] = [];
  const violate = (path: string, rule: string, message: string): void => {
    violations.push({ path: `InventoryHead.${path}`, rule, message });
  };

  // 代收代缴义务人: the e-commerce enterprise, the platform, the logistics enterprise or the declaring agent
  // (财关税〔2016〕18号; 海关总署公告2018年第194号).
  if (![head.agentCode, head.ebcCode, head.ebpCode, head.logisticsCode].includes(head.assureCode)) {
    violate(
      'assureCode',
      'assureCode.isDeclarantEbcOrLogistics',
      `assureCode ${head.assureCode} must be the list's agentCode, ebcCode, ebpCode or logisticsCode`,
    );
  }
  if (!dec(head.netWeight).greaterThan(0)) {
    violations.push({
      path: 'InventoryHead.netWeight',
      rule: 'netWeight.positive',
      severity: 'warning',
      message: `netWeight ${head.netWeight} is not more than 0 kg`,
    });
  }
  if (dec(head.netWeight).greaterThan(head.grossWeight)) {
    violate(
      'netWeight',
      'netWeight.notAboveGrossWeight',
      `netWeight ${head.netWeight} must not exceed grossWeight ${head.grossWeight}`,
    );
  }

  if (head.tradeMode === ImportTradeMode.DirectPurchase) {
    for (const field of ['trafNo', 'voyageNo', 'billNo'] as const) {
      if (isBlank(head[field])) {
        violate(
          field,
          `${field}.requiredForDirectImport`,
          `${field} is mandatory for direct-purchase import 9610`,
        );
      }
    }
  }
  if (head.tradeMode === ImportTradeMode.Bonded) {
    for (const field of ['emsNo', 'areaCode', 'areaName'] as const) {
      if (isBlank(head[field])) {
        violate(field, `${field}.requiredForBondedImport`, `${field} is mandatory for bonded import 1210`);
      }
    }
    if (head.country !== COUNTRY_CHINA) {
      violate(
        'country',
        'country.chinaForBondedImport',
        `country must be ${COUNTRY_CHINA} for bonded import 1210, not ${head.country}`,
      );
    }
  }

  inventory.InventoryList.forEach((line, i) => {
    const at = (field: string): string => `InventoryList[${i}].${field}`;
    if (line.gnum !== i + 1) {
      violations.push({
        path: at('gnum'),
        rule: 'gnum.sequence',
        message: `gnum must number the lines 1, 2, 3… in order; line ${i + 1} has ${line.gnum}`,
      });
    }
    const expected = dec(line.qty).times(line.price);
    if (!sameAmount(line.totalPrice, expected)) {
      violations.push({
        path: at('totalPrice'),
        rule: 'totalPrice.equalsQtyTimesPrice',
        message: `totalPrice ${line.totalPrice} must equal qty × price = ${money(expected)}`,
      });
    }
    if (line.unit1 === line.unit && !dec(line.qty1).equals(line.qty)) {
      violations.push({
        path: at('qty1'),
        rule: 'qty1.equalsQtyForSameUnit',
        message: `qty1 ${line.qty1} must equal qty ${line.qty} when the legal unit is the declared unit ${line.unit}`,
      });
    }
    const qty2 = isBlank(line.qty2) ? undefined : line.qty2;
    const qty2Ok = isBlank(line.unit2) ? qty2 === undefined : qty2 !== undefined && dec(qty2).greaterThan(0);
    if (!qty2Ok) {
      violations.push({
        path: at('qty2'),
        rule: 'qty2.pairedWithUnit2',
        message: 'qty2 must be more than 0 when unit2 is given, and absent when unit2 is absent',
      });
    }
    if (head.tradeMode === ImportTradeMode.Bonded && isBlank(line.itemRecordNo)) {
      violations.push({
        path: at('itemRecordNo'),
        rule: 'itemRecordNo.requiredForBondedImport',
        message: 'itemRecordNo is mandatory for bonded import 1210',
      });
    }
  });
  return violations;
}

/**
 * The example list of the demo set: the example order declared in bonded mode (1210) by the demo agent, shipped
 * out of the demo warehouse's zone on the example waybill. Lines are the order's lines; the infant formula
 * (HS 1901101000) has 千克 as its legal unit, so 2 罐 × 900 g = 1.8 kg.
 */
export const IMPORT_INVENTORY_EXAMPLE: ImportInventory = {
  InventoryHead: {
    guid: 'C4E2A9B7-1D35-4E86-A0F3-6B9D8E2C7621',
    appType: '1',
    appTime: '20261121103000',
    appStatus: '2',
    orderNo: IMPORT_ORDER_EXAMPLE.OrderHead.orderNo,
    ebpCode: IMPORT_ORDER_EXAMPLE.OrderHead.ebpCode,
    ebpName: IMPORT_ORDER_EXAMPLE.OrderHead.ebpName,
    ebcCode: IMPORT_ORDER_EXAMPLE.OrderHead.ebcCode,
    ebcName: IMPORT_ORDER_EXAMPLE.OrderHead.ebcName,
    logisticsNo: IMPORT_WAYBILL_EXAMPLE.LogisticsHead.logisticsNo,
    logisticsCode: IMPORT_WAYBILL_EXAMPLE.LogisticsHead.logisticsCode,
    logisticsName: IMPORT_WAYBILL_EXAMPLE.LogisticsHead.logisticsName,
    copNo: 'INV20261121000001',
    assureCode: DEMO_ENTERPRISES.agent.customsCode,
    emsNo: 'T2924W000001',
    ieFlag: 'I',
    declTime: '20261121',
    customsCode: '2924',
    portCode: '2924',
    buyerIdType: IdType.IdCard,
    buyerIdNumber: IMPORT_ORDER_EXAMPLE.OrderHead.buyerIdNumber,
    buyerName: IMPORT_ORDER_EXAMPLE.OrderHead.buyerName,
    buyerTelephone: IMPORT_ORDER_EXAMPLE.OrderHead.buyerTelephone,
    consigneeAddress: IMPORT_ORDER_EXAMPLE.OrderHead.consigneeAddress,
    agentCode: DEMO_ENTERPRISES.agent.customsCode,
    agentName: DEMO_ENTERPRISES.agent.name,
    areaCode: DEMO_ENTERPRISES.warehouse.customsCode,
    areaName: DEMO_ENTERPRISES.warehouse.name,
    tradeMode: ImportTradeMode.Bonded,
    trafMode: '4',
    country: COUNTRY_CHINA,
    freight: '10.00',
    insuredFee: '0',
    currency: CURRENCY_RMB,
    wrapType: '2',
    packNo: 1,
    grossWeight: '2.1',
    netWeight: '1.8',
  },
  InventoryList: [
    {
      gnum: 1,
      itemRecordNo: 'IR-0001',
      itemNo: 'SKU-0001',
      itemName: '婴儿配方奶粉',
      gcode: '1901101000',
      gname: '婴儿配方奶粉',
      gmodel: '900克/罐',
      country: '116',
      tradeCountry: '116',
      currency: CURRENCY_RMB,
      qty: '2',
      unit: '122',
      qty1: '1.8',
      unit1: '035',
      price: '100.00',
      totalPrice: '200.00',
    },
  ],
};

export const CEB621: DocumentDescriptor<ImportInventory> = {
  messageType: 'CEB621',
  title: '进口清单 import inventory list',
  flow: 'import',
  rootElement: 'CEB621Message',
  documentElement: 'Inventory',
  documentClass: ImportInventory,
  repeatedElements: ['InventoryList'],
  headElement: 'InventoryHead',
  senderRole: 'agent',
  senderCodeField: 'agentCode',
  keyOf: (d) => orderKey(d.InventoryHead.orderNo),
  // copNo and invtNo are optional (invtNo exists only after customs accepts the list); customs treats
  // ebcCode + orderNo as the list's business key ("重复申报，业务主键[ebcCode_orderNo]", REFERENCE.md 7.1).
  identityOf: (d) => `${d.InventoryHead.ebcCode}:${d.InventoryHead.orderNo}`,
  versionOf: (d) => ({ appType: d.InventoryHead.appType, appTime: d.InventoryHead.appTime }),
  check: checkImportInventory,
  personalDataPaths: ['InventoryHead.buyerIdNumber', 'InventoryHead.buyerTelephone'],
  personFields: [
    { path: 'InventoryHead.buyerIdNumber', kind: 'idNumber' },
    { path: 'InventoryHead.buyerName', kind: 'name' },
    { path: 'InventoryHead.buyerTelephone', kind: 'phone' },
    { path: 'InventoryHead.consigneeAddress', kind: 'address' },
  ],
  example: IMPORT_INVENTORY_EXAMPLE,
};
