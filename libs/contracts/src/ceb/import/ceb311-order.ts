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
import { dec, money, sameAmount, sum } from '../decimal';
import { DEMO_BUYER, DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CODE_3, DECIMAL_19_5, ENTERPRISE_CODE, GUID } from '../patterns';

/** CEB311 `OrderHead` (202205 import XSD, REFERENCE.md 4.1). Field names are the standard's, `acturalPaid` included. */
export class OrderHead {
  @ApiProperty({
    description: '企业系统生成36位唯一序号（英文字母大写）',
    example: '9D55BA71-55DE-41F4-8B50-C36C83B3B419',
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

  @ApiProperty({ description: '企业报送时间 YYYYMMDDhhmmss', example: '20261121093000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '业务状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '电子订单类型: I 进口', enum: ['I'], example: 'I' })
  @IsIn(['I'])
  orderType!: 'I';

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

  @ApiProperty({ description: '商品实际成交价 (N19,5, decimal string)', example: '200.00' })
  @Matches(DECIMAL_19_5, { message: 'goodsValue must be a decimal string N19,5' })
  goodsValue!: string;

  @ApiProperty({ description: '运杂费, 无则填写 0', example: '10.00' })
  @Matches(DECIMAL_19_5, { message: 'freight must be a decimal string N19,5' })
  freight!: string;

  @ApiProperty({ description: '非现金抵扣金额, 无则填写 0', example: '0' })
  @Matches(DECIMAL_19_5, { message: 'discount must be a decimal string N19,5' })
  discount!: string;

  @ApiProperty({ description: '企业预先代扣的税款金额, 无则填写 0', example: '23.28' })
  @Matches(DECIMAL_19_5, { message: 'taxTotal must be a decimal string N19,5' })
  taxTotal!: string;

  @ApiProperty({
    description: '实际支付金额 = 商品价格 + 运杂费 + 代扣税款 - 非现金抵扣金额 (official spelling)',
    example: '233.28',
  })
  @Matches(DECIMAL_19_5, { message: 'acturalPaid must be a decimal string N19,5' })
  acturalPaid!: string;

  @ApiProperty({ description: '币制, 限定为人民币 142', enum: [CURRENCY_RMB], example: CURRENCY_RMB })
  @IsIn([CURRENCY_RMB])
  currency!: string;

  @ApiProperty({ description: '订购人的交易平台注册号', maxLength: 60, example: 'buyer-0001' })
  @IsString()
  @Length(1, 60)
  buyerRegNo!: string;

  @ApiProperty({ description: '订购人的真实姓名', maxLength: 60, example: '张三' })
  @IsString()
  @Length(1, 60)
  buyerName!: string;

  @ApiProperty({ description: '订购人电话 (personal data)', maxLength: 30, example: '13800000000' })
  @IsString()
  @Length(1, 30)
  buyerTelephone!: string;

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

  @ApiPropertyOptional({ description: '支付企业的海关注册登记编号', example: '4403169D3W' })
  @IsOptional()
  @Matches(ENTERPRISE_CODE, {
    message: 'payCode must be a 10-character customs code or an 18-character credit code',
  })
  payCode?: string;

  @ApiPropertyOptional({ description: '支付企业名称', maxLength: 100, example: '财付通支付科技有限公司' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  payName?: string;

  @ApiPropertyOptional({
    description: '支付企业唯一的支付流水号',
    maxLength: 60,
    example: 'PAY20261121000001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  payTransactionId?: string;

  @ApiPropertyOptional({ description: '商品批次号', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  batchNumbers?: string;

  @ApiProperty({ description: '收货人姓名, 必须与电子运单一致', maxLength: 100, example: '张三' })
  @IsString()
  @Length(1, 100)
  consignee!: string;

  @ApiProperty({ description: '收货人联系电话 (personal data)', maxLength: 50, example: '13800000000' })
  @IsString()
  @Length(1, 50)
  consigneeTelephone!: string;

  @ApiProperty({ description: '收货地址', maxLength: 200, example: '浙江省杭州市西湖区文三路 1 号' })
  @IsString()
  @Length(1, 200)
  consigneeAddress!: string;

  @ApiPropertyOptional({ description: '收货地址行政区划代码 (GB/T 2260)', example: '330106' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'consigneeDistrict must be a 6-digit district code' })
  consigneeDistrict?: string;

  @ApiPropertyOptional({ description: '订单备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** CEB311 `OrderList`: one goods line. */
export class OrderList {
  @ApiProperty({ description: '从1开始的递增序号', example: 1 })
  @IsInt()
  @Min(1)
  gnum!: number;

  @ApiPropertyOptional({ description: '商品货号 (SKU)', maxLength: 30, example: 'SKU-0001' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  itemNo?: string;

  @ApiProperty({ description: '商品中文名称', maxLength: 250, example: '婴儿配方奶粉' })
  @IsString()
  @Length(1, 250)
  itemName!: string;

  @ApiProperty({ description: '规格型号 (申报要素)', maxLength: 510, example: '900克/罐' })
  @IsString()
  @Length(1, 510)
  gmodel!: string;

  @ApiPropertyOptional({ description: '商品描述', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  itemDescribe?: string;

  @ApiPropertyOptional({ description: '商品条形码', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  barCode?: string;

  @ApiProperty({ description: '计量单位代码 (JGS-20)', example: '122' })
  @Matches(CODE_3, { message: 'unit must be a 3-digit customs unit code' })
  unit!: string;

  @ApiProperty({ description: '数量 (N19,5)', example: '2' })
  @Matches(DECIMAL_19_5, { message: 'qty must be a decimal string N19,5' })
  qty!: string;

  @ApiProperty({ description: '单价 (N19,5); 赠品填 0', example: '100.00' })
  @Matches(DECIMAL_19_5, { message: 'price must be a decimal string N19,5' })
  price!: string;

  @ApiProperty({ description: '总价 = 单价 × 数量', example: '200.00' })
  @Matches(DECIMAL_19_5, { message: 'totalPrice must be a decimal string N19,5' })
  totalPrice!: string;

  @ApiProperty({ description: '币制, 限定为人民币 142', enum: [CURRENCY_RMB], example: CURRENCY_RMB })
  @IsIn([CURRENCY_RMB])
  currency!: string;

  @ApiProperty({ description: '原产国 (customs 3-digit country code)', example: '116' })
  @Matches(CODE_3, { message: 'country must be a 3-digit customs country code' })
  country!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB311 `Order`: a head and 1..99 goods lines. */
export class ImportOrder {
  @ApiProperty({ type: OrderHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => OrderHead)
  OrderHead!: OrderHead;

  @ApiProperty({ type: [OrderList], minItems: 1, maxItems: 99 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(99)
  @Type(() => OrderList)
  OrderList!: OrderList[];
}

/** Arithmetic of an order (REFERENCE.md 4.1): amounts compared exactly at 2 places, lines numbered 1..n. */
export function checkImportOrder(order: ImportOrder): RuleViolation[] {
  const head = order.OrderHead;
  const violations: RuleViolation[] = [];
  const expectedPaid = dec(head.goodsValue).plus(head.freight).plus(head.taxTotal).minus(head.discount);
  if (!sameAmount(head.acturalPaid, expectedPaid)) {
    violations.push({
      path: 'OrderHead.acturalPaid',
      rule: 'acturalPaid.equalsGoodsFreightTaxMinusDiscount',
      message: `acturalPaid ${head.acturalPaid} must equal goodsValue + freight + taxTotal − discount = ${money(expectedPaid)}`,
    });
  }
  order.OrderList.forEach((line, i) => {
    const expected = dec(line.qty).times(line.price);
    if (!sameAmount(line.totalPrice, expected)) {
      violations.push({
        path: `OrderList[${i}].totalPrice`,
        rule: 'totalPrice.equalsQtyTimesPrice',
        message: `totalPrice ${line.totalPrice} must equal qty × price = ${money(expected)}`,
      });
    }
    if (line.gnum !== i + 1) {
      violations.push({
        path: `OrderList[${i}].gnum`,
        rule: 'gnum.sequence',
        message: `gnum must number the lines 1, 2, 3… in order; line ${i + 1} has ${line.gnum}`,
      });
    }
  });
  const lines = sum(order.OrderList.map((l) => l.totalPrice));
  if (!sameAmount(head.goodsValue, lines)) {
    violations.push({
      path: 'OrderHead.goodsValue',
      rule: 'goodsValue.equalsLineTotals',
      message: `goodsValue ${head.goodsValue} must equal the sum of the lines' totalPrice = ${money(lines)}`,
    });
  }
  return violations;
}

/** The example order of the demo set: 2 × 100.00 + 10.00 freight + 23.28 withheld tax = 233.28 paid. */
export const IMPORT_ORDER_EXAMPLE: ImportOrder = {
  OrderHead: {
    guid: '9D55BA71-55DE-41F4-8B50-C36C83B3B419',
    appType: '1',
    appTime: '20261121093000',
    appStatus: '2',
    orderType: 'I',
    orderNo: 'ORD20261121000001',
    ebpCode: DEMO_ENTERPRISES.platform.customsCode,
    ebpName: DEMO_ENTERPRISES.platform.name,
    ebcCode: DEMO_ENTERPRISES.seller.customsCode,
    ebcName: DEMO_ENTERPRISES.seller.name,
    goodsValue: '200.00',
    freight: '10.00',
    discount: '0',
    taxTotal: '23.28',
    acturalPaid: '233.28',
    currency: CURRENCY_RMB,
    buyerRegNo: DEMO_BUYER.regNo,
    buyerName: DEMO_BUYER.name,
    buyerTelephone: DEMO_BUYER.telephone,
    buyerIdType: IdType.IdCard,
    buyerIdNumber: DEMO_BUYER.idNumber,
    payCode: DEMO_ENTERPRISES.payment.customsCode,
    payName: DEMO_ENTERPRISES.payment.name,
    payTransactionId: 'PAY20261121000001',
    consignee: DEMO_BUYER.name,
    consigneeTelephone: DEMO_BUYER.telephone,
    consigneeAddress: DEMO_BUYER.address,
  },
  OrderList: [
    {
      gnum: 1,
      itemNo: 'SKU-0001',
      itemName: '婴儿配方奶粉',
      gmodel: '900克/罐',
      unit: '122',
      qty: '2',
      price: '100.00',
      totalPrice: '200.00',
      currency: CURRENCY_RMB,
      country: '116',
    },
  ],
};

export const CEB311: DocumentDescriptor<ImportOrder> = {
  messageType: 'CEB311',
  title: '电子订单 import order',
  flow: 'import',
  rootElement: 'CEB311Message',
  documentElement: 'Order',
  documentClass: ImportOrder,
  repeatedElements: ['OrderList'],
  headElement: 'OrderHead',
  senderRole: 'ebp',
  senderCodeField: 'ebpCode',
  keyOf: (d) => orderKey(d.OrderHead.orderNo),
  identityOf: (d) => `${d.OrderHead.ebpCode}:${d.OrderHead.orderNo}`,
  versionOf: (d) => ({ appType: d.OrderHead.appType, appTime: d.OrderHead.appTime }),
  check: checkImportOrder,
  personalDataPaths: ['OrderHead.buyerIdNumber', 'OrderHead.buyerTelephone', 'OrderHead.consigneeTelephone'],
  personFields: [
    { path: 'OrderHead.buyerName', kind: 'name' },
    { path: 'OrderHead.buyerTelephone', kind: 'phone' },
    { path: 'OrderHead.buyerIdNumber', kind: 'idNumber' },
    { path: 'OrderHead.consignee', kind: 'name' },
    { path: 'OrderHead.consigneeTelephone', kind: 'phone' },
    { path: 'OrderHead.consigneeAddress', kind: 'address' },
  ],
  example: IMPORT_ORDER_EXAMPLE,
};
