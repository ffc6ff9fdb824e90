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
import { dec, money, sameAmount, sum } from '../decimal';
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CODE_3, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';

/**
 * Customs currency codes (JGS-20 货币代码) that export documents may use: export amounts are not fixed to RMB.
 * Table per REFERENCE.md 5 (luffyzhao/EBC-Customs-ERP customs_currencies).
 */
export const EXPORT_CURRENCIES = [
  '110', // HKD 港币
  '113', // IRR 伊朗里亚尔
  '116', // JPY 日本元
  '118', // KWD 科威特第纳尔
  '121', // MOP 澳门元
  '122', // MYR 马来西亚林吉特
  '127', // PKR 巴基斯坦卢比
  '129', // PHP 菲律宾比索
  '132', // SGD 新加坡元
  '136', // THB 泰国铢
  '142', // CNY 人民币
  '143', // TWD 台币
  '201', // DZD 阿尔及利亚第纳尔
  '300', // EUR 欧元
  '302', // DKK 丹麦克朗
  '303', // GBP 英镑
  '326', // NOK 挪威克朗
  '330', // SEK 瑞典克朗
  '331', // CHF 瑞士法郎
  '332', // SUR 苏联卢布
  '398', // ASF 清算瑞士法郎
  '501', // CAD 加拿大元
  '502', // USD 美元
  '601', // AUD 澳大利亚元
  '609', // NZD 新西兰元
] as const;
/**
 * A currency of an export document: any 3-digit code of the JGS-20 currency table (the XSD names the table and
 * lists no values). EXPORT_CURRENCIES names the common ones; a code outside it is not refused.
 */
export type ExportCurrency = string;

/** Export `orderType` (202205 PDF table 2-3): E B2C 出口订单, B B2B 出口订单, W 海外仓订仓单. */
export const ExportOrderType = { B2C: 'E', B2B: 'B', OverseasWarehouse: 'W' } as const;
export type ExportOrderType = (typeof ExportOrderType)[keyof typeof ExportOrderType];

/** A well-formed N19,5 amount. Arithmetic skips malformed ones: reporting them is the field validation's job. */
export const isCebDecimal = (value: unknown): value is string =>
  typeof value === 'string' && DECIMAL_19_5.test(value);

const isExportCurrency = (value: unknown): boolean => typeof value === 'string' && CODE_3.test(value);

/** Lines numbered 1, 2, 3… in order (`gnum`); a gnum that is not a positive integer is the field rule's to report. */
export function gnumSequenceViolations(lines: { gnum: number }[], element: string): RuleViolation[] {
  return lines.flatMap((line, i) =>
    Number.isInteger(line.gnum) && line.gnum >= 1 && line.gnum !== i + 1
      ? [
          {
            path: `${element}[${i}].gnum`,
            rule: 'gnum.sequence',
            message: `gnum must number the lines 1, 2, 3… in order; line ${i + 1} has ${line.gnum}`,
          },
        ]
      : [],
  );
}

/** CEB303 `OrderHead` (202205 export XSD). No buyer, discount or tax fields: the export order has none. */
export class ExportOrderHead {
  @ApiProperty({
    description: '系统唯一序号: 企业系统生成36位唯一序号（英文字母大写）',
    example: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405001',
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

  @ApiProperty({ description: '报送时间: 企业报送时间 YYYYMMDDhhmmss', example: '20261121100000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({
    description: '订单类型: E B2C出口订单, B B2B出口订单, W 海外仓订仓单',
    enum: Object.values(ExportOrderType),
    example: 'E',
  })
  @IsIn(Object.values(ExportOrderType))
  orderType!: ExportOrderType;

  @ApiProperty({
    description: '订单编号: 交易平台的订单编号 / 海外仓订仓单编号，同一交易平台的订单编号应唯一',
    maxLength: 60,
    example: 'EXP20261121000001',
  })
  @IsString()
  @Length(1, 60)
  orderNo!: string;

  @ApiProperty({
    description: '电商平台代码: 电商平台的海关注册登记编号或统一社会信用代码',
    example: '3301960001',
  })
  @Matches(ENTERPRISE_CODE, {
    message: 'ebpCode must be a 10-character customs code or an 18-character credit code',
  })
  ebpCode!: string;

  @ApiProperty({
    description: '电商平台名称: 电商平台的海关注册登记名称 / 海外仓名称',
    maxLength: 100,
    example: '杭州示范跨境电商平台有限公司',
  })
  @IsString()
  @Length(1, 100)
  ebpName!: string;

  @ApiProperty({
    description:
      '电商企业代码: 电商企业的海关注册登记编号(10位海关编码或18位统一社会信用代码)，对应清单的收发货人',
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
    description:
      '商品金额: 商品实际成交价FOB(不含运杂费)，含非现金抵扣金额; = 表体总价之和 (N19,5, decimal string)',
    example: '607.00',
  })
  @Matches(DECIMAL_19_5, { message: 'goodsValue must be a decimal string N19,5' })
  goodsValue!: string;

  @ApiProperty({ description: '运杂费, 无则填写 "0" (N19,5)', example: '35.00' })
  @Matches(DECIMAL_19_5, { message: 'freight must be a decimal string N19,5' })
  freight!: string;

  @ApiProperty({
    description: '币制: 海关标准的参数代码《JGS-20 海关业务代码集》货币代码 (not fixed to RMB for export)',
    example: '142',
  })
  @Matches(CODE_3, { message: 'currency must be a 3-digit customs currency code (JGS-20 货币代码)' })
  currency!: ExportCurrency;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** CEB303 `OrderList`: one goods line. */
export class ExportOrderList {
  @ApiProperty({ description: '序号: 从1开始的递增序号（与清单的商品项关联对应）', example: 1 })
  @IsInt()
  @Min(1)
  @Max(99999)
  gnum!: number;

  @ApiProperty({ description: '企业商品货号: 企业自定义的商品货号', maxLength: 30, example: 'EXP-SKU-0001' })
  @IsString()
  @Length(1, 30)
  itemNo!: string;

  @ApiProperty({
    description: '企业商品名称: 同一类商品的中文名称',
    maxLength: 250,
    example: '纯棉针织T恤',
  })
  @IsString()
  @Length(1, 250)
  itemName!: string;

  @ApiPropertyOptional({ description: '企业商品描述: 电商平台上架的商品描述宣传信息', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  itemDescribe?: string;

  @ApiPropertyOptional({ description: '条形码', maxLength: 50, example: '6901234567892' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  barCode?: string;

  @ApiProperty({ description: '计量单位: 《JGS-20 海关业务代码集》计量单位代码', example: '011' })
  @Matches(CODE_3, { message: 'unit must be a 3-digit customs unit code' })
  unit!: string;

  @ApiProperty({
    description: '币制: 《JGS-20 海关业务代码集》货币代码, 与表头币制一致',
    example: '142',
  })
  @Matches(CODE_3, { message: 'currency must be a 3-digit customs currency code (JGS-20 货币代码)' })
  currency!: ExportCurrency;

  @ApiProperty({ description: '数量 (N19,5)', example: '10' })
  @Matches(DECIMAL_19_5, { message: 'qty must be a decimal string N19,5' })
  qty!: string;

  @ApiProperty({ description: '单价 (N19,5)', example: '45.50' })
  @Matches(DECIMAL_19_5, { message: 'price must be a decimal string N19,5' })
  price!: string;

  @ApiProperty({ description: '总价 = 单价 × 数量 (N19,5)', example: '455.00' })
  @Matches(DECIMAL_19_5, { message: 'totalPrice must be a decimal string N19,5' })
  totalPrice!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB303 `Order`: a head and 1..100 goods lines (the export XSD allows 100, the import one 99). */
export class ExportOrder {
  @ApiProperty({ type: ExportOrderHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportOrderHead)
  OrderHead!: ExportOrderHead;

  @ApiProperty({ type: [ExportOrderList], minItems: 1, maxItems: 100 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Type(() => ExportOrderList)
  OrderList!: ExportOrderList[];
}

/** Arithmetic of an export order: line totals, goodsValue = Σ lines, one currency, lines numbered 1..n. */
export function checkExportOrder(order: ExportOrder): RuleViolation[] {
  const head = order.OrderHead;
  const lines = order.OrderList ?? [];
  const violations: RuleViolation[] = [];
  lines.forEach((line, i) => {
    if (isCebDecimal(line.qty) && isCebDecimal(line.price) && isCebDecimal(line.totalPrice)) {
      const expected = dec(line.qty).times(line.price);
      if (!sameAmount(line.totalPrice, expected)) {
        violations.push({
          path: `OrderList[${i}].totalPrice`,
          rule: 'totalPrice.equalsQtyTimesPrice',
          message: `totalPrice ${line.totalPrice} must equal qty × price = ${money(expected)}`,
        });
      }
    }
    if (
      isExportCurrency(line.currency) &&
      isExportCurrency(head?.currency) &&
      line.currency !== head.currency
    ) {
      violations.push({
        path: `OrderList[${i}].currency`,
        rule: 'currency.equalsHeadCurrency',
        message: `line currency ${line.currency} must equal the head currency ${head.currency}: goodsValue sums the lines`,
      });
    }
  });
  violations.push(...gnumSequenceViolations(lines, 'OrderList'));
  const totals = lines.map((l) => l.totalPrice);
  if (head && isCebDecimal(head.goodsValue) && totals.every(isCebDecimal)) {
    const linesTotal = sum(totals);
    if (!sameAmount(head.goodsValue, linesTotal)) {
      violations.push({
        path: 'OrderHead.goodsValue',
        rule: 'goodsValue.equalsLineTotals',
        message: `goodsValue ${head.goodsValue} must equal the sum of the lines' totalPrice = ${money(linesTotal)}`,
      });
    }
  }
  return violations;
}

/** The export order of the demo set: 10 × 45.50 + 4 × 38.00 = 607.00 RMB FOB, 35.00 freight. */
export const EXPORT_ORDER_EXAMPLE: ExportOrder = {
  OrderHead: {
    guid: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405001',
    appType: '1',
    appTime: '20261121100000',
    appStatus: '2',
    orderType: 'E',
    orderNo: 'EXP20261121000001',
    ebpCode: DEMO_ENTERPRISES.platform.customsCode,
    ebpName: DEMO_ENTERPRISES.platform.name,
    ebcCode: DEMO_ENTERPRISES.seller.customsCode,
    ebcName: DEMO_ENTERPRISES.seller.name,
    goodsValue: '607.00',
    freight: '35.00',
    currency: '142',
  },
  OrderList: [
    {
      gnum: 1,
      itemNo: 'EXP-SKU-0001',
      itemName: '纯棉针织T恤',
      barCode: '6901234567892',
      unit: '011',
      currency: '142',
      qty: '10',
      price: '45.50',
      totalPrice: '455.00',
    },
    {
      gnum: 2,
      itemNo: 'EXP-SKU-0002',
      itemName: '陶瓷马克杯',
      barCode: '6901234567908',
      unit: '007',
      currency: '142',
      qty: '4',
      price: '38.00',
      totalPrice: '152.00',
    },
  ],
};

/**
 * Sent by the platform (XSD: 电子订单数据报文（电商平台）). The PDF lets a foreign platform without a code fill ebpCode
 * "无", which implies another sender; this platform requires a registered platform code instead.
 */
export const CEB303: DocumentDescriptor<ExportOrder> = {
  messageType: 'CEB303',
  title: '电子订单 export order',
  flow: 'export',
  rootElement: 'CEB303Message',
  documentElement: 'Order',
  documentClass: ExportOrder,
  repeatedElements: ['OrderList'],
  headElement: 'OrderHead',
  senderRole: 'ebp',
  senderCodeField: 'ebpCode',
  keyOf: (d) => orderKey(d.OrderHead.orderNo),
  identityOf: (d) => `${d.OrderHead.ebpCode}:${d.OrderHead.orderNo}`,
  versionOf: (d) => ({ appType: d.OrderHead.appType, appTime: d.OrderHead.appTime }),
  check: checkExportOrder,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_ORDER_EXAMPLE,
};
