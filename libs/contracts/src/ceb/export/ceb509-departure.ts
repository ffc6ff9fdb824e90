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

import { AppStatus, AppType } from '../code-lists';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, CUSTOMS_DISTRICT, ENTERPRISE_CODE, GUID } from '../patterns';
import { gnumSequenceViolations } from './ceb303-order';
import { EXPORT_WAYBILL_EXAMPLE } from './ceb505-waybill';
import {
  EXPORT_ARRIVAL_EXAMPLE,
  messageSequenceViolations,
  requiredUnlessPostViolations,
  uniqueViolations,
} from './ceb507-arrival';
import { TRAF_MODE } from './ceb603-inventory';

/** CEB509 `DepartureHead` (物流离境单表头, 202205 export XSD). */
export class ExportDepartureHead {
  @ApiProperty({
    description: '系统唯一序号: 36位系统唯一序号（英文字母大写）',
    example: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405006',
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

  @ApiProperty({ description: '业务时间 YYYYMMDDhhmmss', example: '20261122020000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '企业报送状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

  @ApiProperty({ description: '申报地海关代码: 办理通关手续的4位海关编号', example: '2924' })
  @Matches(CUSTOMS_DISTRICT, { message: 'customsCode must be a 4-digit customs district code' })
  customsCode!: string;

  @ApiProperty({ description: '企业唯一编号', maxLength: 30, example: 'DEP20261122000001' })
  @IsString()
  @Length(1, 30)
  copNo!: string;

  @ApiPropertyOptional({ description: '预录入编号: 电子口岸标识单证的编号 (C18)' })
  @IsOptional()
  @IsString()
  @Length(18, 18)
  preNo?: string;

  @ApiProperty({ description: '物流企业代码: 10位海关代码或者18位信用代码', example: '3301980003' })
  @Matches(ENTERPRISE_CODE, {
    message: 'logisticsCode must be a 10-character customs code or an 18-character credit code',
  })
  logisticsCode!: string;

  @ApiProperty({ description: '物流企业名称', maxLength: 100, example: '示范国际物流有限公司' })
  @IsString()
  @Length(1, 100)
  logisticsName!: string;

  @ApiProperty({
    description: '运输方式: 海关标准的参数代码《JGS-20 海关业务代码集》运输方式代码 (6 邮件运输)',
    example: '5',
  })
  @Matches(TRAF_MODE, { message: 'trafMode must be a one-character customs transport mode code' })
  trafMode!: string;

  @ApiPropertyOptional({
    description: '运输工具名称: 货物进出境的运输工具的名称或编号，与载货清单一致。邮路运输方可为空',
    maxLength: 100,
    example: 'B-2447',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  trafName?: string;

  @ApiPropertyOptional({
    description: '航班航次号: 货物进出境的运输工具的航次编号。邮路运输方可为空',
    maxLength: 32,
    example: 'CA983',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  voyageNo?: string;

  @ApiPropertyOptional({
    description: '提运单号: 物流企业提供 (海运提单、空运总单或汽车载货清单)。邮路运输方可为空',
    maxLength: 37,
    example: '999-20261121',
  })
  @IsOptional()
  @IsString()
  @MaxLength(37)
  billNo?: string;

  @ApiProperty({ description: '离境时间 YYYYMMDDhhmmss', example: '20261122013000' })
  @Matches(APP_TIME, { message: 'leaveTime must be YYYYMMDDhhmmss' })
  leaveTime!: string;

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

/** CEB509 `DepartureList`: one waybill that left. */
export class ExportDepartureList {
  @ApiProperty({ description: '序号: 从1开始的递增序号', example: 1 })
  @IsInt()
  @Min(1)
  @Max(99999)
  gnum!: number;

  @ApiPropertyOptional({
    description: '总包号: 物流企业对于一个提运单下含有多个大包的托盘编号（邮件为邮袋号）',
    maxLength: 37,
    example: 'PKG20261121001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(37)
  totalPackageNo?: string;

  @ApiProperty({ description: '物流运单编号', maxLength: 32, example: 'EXPLN2026112100001' })
  @IsString()
  @Length(1, 32)
  logisticsNo!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB509 `Departure`: a head and 1..n waybills (at most 99999 as gnum is N5). */
export class ExportDeparture {
  @ApiProperty({ type: ExportDepartureHead })
  @IsDefined()
  @ValidateNested()
  @Type(() => ExportDepartureHead)
  DepartureHead!: ExportDepartureHead;

  @ApiProperty({ type: [ExportDepartureList], minItems: 1, maxItems: 99999 })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(99999)
  @Type(() => ExportDepartureList)
  DepartureList!: ExportDepartureList[];
}

/** Rules of a departure: waybills numbered 1..n and listed once, split numbering, conveyance unless by post. */
export function checkExportDeparture(departure: ExportDeparture): RuleViolation[] {
  const lines = departure.DepartureList ?? [];
  const violations = [
    ...gnumSequenceViolations(lines, 'DepartureList'),
    ...uniqueViolations(
      lines.map((l) => l.logisticsNo),
      'DepartureList',
      'logisticsNo',
    ),
  ];
  const head = departure.DepartureHead;
  if (head) {
    violations.push(
      ...messageSequenceViolations(head, 'DepartureHead'),
      ...requiredUnlessPostViolations(head, 'DepartureHead', ['trafName', 'voyageNo', 'billNo']),
    );
  }
  return violations;
}

/** The demo parcel leaves on flight CA983 under the arrival's air waybill. */
export const EXPORT_DEPARTURE_EXAMPLE: ExportDeparture = {
  DepartureHead: {
    guid: '6E4F2C1A-3B7D-4E8A-9C0B-1D2E3F405006',
    appType: '1',
    appTime: '20261122020000',
    appStatus: '2',
    customsCode: EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.customsCode,
    copNo: 'DEP20261122000001',
    logisticsCode: EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.logisticsCode,
    logisticsName: EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.logisticsName,
    trafMode: EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.trafMode,
    trafName: 'B-2447',
    voyageNo: 'CA983',
    billNo: EXPORT_ARRIVAL_EXAMPLE.ArrivalHead.billNo,
    leaveTime: '20261122013000',
    msgCount: 1,
    msgSeqNo: 1,
  },
  DepartureList: [
    {
      gnum: 1,
      totalPackageNo: 'PKG20261121001',
      logisticsNo: EXPORT_WAYBILL_EXAMPLE.Logistics.logisticsNo,
    },
  ],
};

/** Like the arrival: many waybills, no order number, so keyed by the logistics enterprise's document number. */
export const CEB509: DocumentDescriptor<ExportDeparture> = {
  messageType: 'CEB509',
  title: '离境单 export departure',
  flow: 'export',
  rootElement: 'CEB509Message',
  documentElement: 'Departure',
  documentClass: ExportDeparture,
  repeatedElements: ['DepartureList'],
  headElement: 'DepartureHead',
  senderRole: 'logistics',
  senderCodeField: 'logisticsCode',
  keyOf: (d) => `${d.DepartureHead.logisticsCode}:${d.DepartureHead.copNo}`,
  identityOf: (d) => `${d.DepartureHead.logisticsCode}:${d.DepartureHead.copNo}:${d.DepartureHead.msgSeqNo}`,
  versionOf: (d) => ({ appType: d.DepartureHead.appType, appTime: d.DepartureHead.appTime }),
  check: checkExportDeparture,
  personalDataPaths: [],
  personFields: [],
  example: EXPORT_DEPARTURE_EXAMPLE,
};
