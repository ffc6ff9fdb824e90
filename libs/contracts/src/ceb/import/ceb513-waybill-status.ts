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
import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor, RuleViolation } from '../document-descriptor';
import { APP_TIME, ENTERPRISE_CODE, GUID } from '../patterns';
import { EXAMPLE_LOGISTICS_NO } from './ceb511-waybill';

/** `logisticsStatus` of CEB513: the standard allows only S (签收, delivered to the consignee). */
export const LogisticsStatusCode = { Signed: 'S' } as const;
export type LogisticsStatusCode = (typeof LogisticsStatusCode)[keyof typeof LogisticsStatusCode];

/** CEB513 `LogisticsStatus` (202205 import XSD, REFERENCE.md 4.4): one element, no head/list split. */
export class LogisticsStatus {
  @ApiProperty({
    description: '企业系统生成36位唯一序号（英文字母大写）',
    example: '7A3D1E64-C2B5-4F09-8E7A-3B6F2C915513',
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

  @ApiProperty({ description: '企业报送时间 YYYYMMDDhhmmss', example: '20261123150000' })
  @Matches(APP_TIME, { message: 'appTime must be YYYYMMDDhhmmss' })
  appTime!: string;

  @ApiProperty({ description: '业务状态: 1 暂存, 2 申报', enum: Object.values(AppStatus), example: '2' })
  @IsIn(Object.values(AppStatus))
  appStatus!: AppStatus;

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

  @ApiProperty({
    description: '物流企业的运单包裹面单号, 与物流运单一致',
    maxLength: 60,
    example: EXAMPLE_LOGISTICS_NO,
  })
  @IsString()
  @Length(1, 60)
  logisticsNo!: string;

  @ApiProperty({
    description: '物流签收状态, 限定为 S (签收)',
    enum: Object.values(LogisticsStatusCode),
    example: LogisticsStatusCode.Signed,
  })
  @IsIn(Object.values(LogisticsStatusCode))
  logisticsStatus!: LogisticsStatusCode;

  @ApiProperty({
    description: '物流状态发生的实际时间 YYYYMMDDhhmmss, 不晚于报送时间',
    example: '20261123143000',
  })
  @Matches(APP_TIME, { message: 'logisticsTime must be YYYYMMDDhhmmss' })
  logisticsTime!: string;

  @ApiPropertyOptional({ description: '备注', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** One CEB513 document: in the XML `LogisticsStatus` sits directly under the root, so its JSON is that one key. */
export class ImportWaybillStatus {
  @ApiProperty({ type: LogisticsStatus })
  @IsDefined()
  @ValidateNested()
  @Type(() => LogisticsStatus)
  LogisticsStatus!: LogisticsStatus;
}

/**
 * Cross-field rules of a waybill status: `logisticsTime` is when the parcel was actually signed for, so it
 * cannot be later than the report. Both are fixed-width YYYYMMDDhhmmss and compare as strings.
 */
export function checkImportWaybillStatus(status: ImportWaybillStatus): RuleViolation[] {
  const doc = status.LogisticsStatus;
  const violations: RuleViolation[] = [];
  if (doc.logisticsTime > doc.appTime) {
    violations.push({
      path: 'LogisticsStatus.logisticsTime',
      rule: 'logisticsTime.notAfterAppTime',
      severity: 'warning',
      message: `logisticsTime ${doc.logisticsTime} must not be later than the report time appTime ${doc.appTime}`,
    });
  }
  return violations;
}

/** The example status of the demo set: the example waybill's parcel is signed for two days after the order. */
export const IMPORT_WAYBILL_STATUS_EXAMPLE: ImportWaybillStatus = {
  LogisticsStatus: {
    guid: '7A3D1E64-C2B5-4F09-8E7A-3B6F2C915513',
    appType: '1',
    appTime: '20261123150000',
    appStatus: '2',
    logisticsCode: DEMO_ENTERPRISES.logistics.customsCode,
    logisticsName: DEMO_ENTERPRISES.logistics.name,
    logisticsNo: EXAMPLE_LOGISTICS_NO,
    logisticsStatus: LogisticsStatusCode.Signed,
    logisticsTime: '20261123143000',
  },
};

/** The waybill a status belongs to: `logisticsCode:logisticsNo` (a logistics company's number is unique for 6 months). */
const waybillOf = (d: ImportWaybillStatus): string =>
  `${d.LogisticsStatus.logisticsCode}:${d.LogisticsStatus.logisticsNo}`;

export const CEB513: DocumentDescriptor<ImportWaybillStatus> = {
  messageType: 'CEB513',
  title: '物流运单状态 import waybill status',
  flow: 'import',
  rootElement: 'CEB513Message',
  documentElement: 'LogisticsStatus',
  documentClass: ImportWaybillStatus,
  repeatedElements: [],
  headElement: 'LogisticsStatus',
  senderRole: 'logistics',
  senderCodeField: 'logisticsCode',
  // CEB513 carries no orderNo. Its waybill identifies the order one to one (CEB511 links logisticsNo to orderNo),
  // but only through a stored waybill; a pure function of the document can key by the waybill alone.
  keyOf: waybillOf,
  identityOf: waybillOf,
  versionOf: (d) => ({ appType: d.LogisticsStatus.appType, appTime: d.LogisticsStatus.appTime }),
  check: checkImportWaybillStatus,
  personalDataPaths: [],
  personFields: [],
  example: IMPORT_WAYBILL_STATUS_EXAMPLE,
};
