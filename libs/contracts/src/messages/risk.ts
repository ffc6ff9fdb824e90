import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

import { ENTERPRISE_CODE } from '../ceb/patterns';
import { DocumentReceipt } from './document-receipt';
import { RISK_GRADES, type RiskGrade } from './anomaly';

/** The life of a risk case (风险信息采集 → 评估分析 → 预警 → 处置 → 复查). */
export const RISK_CASE_STATUSES = ['collected', 'assessed', 'warned', 'disposed', 'reviewed'] as const;
export type RiskCaseStatus = (typeof RISK_CASE_STATUSES)[number];

/** What a warning is about: a person (by person token) or an enterprise (by customs code). */
export const RISK_SUBJECT_KINDS = [
  'buyer',
  'payer',
  'address',
  'addressPhone',
  'enterprise',
  'platformHsCode',
] as const;
export type RiskSubjectKind = (typeof RISK_SUBJECT_KINDS)[number];

/**
 * Payload of `risk.external.warning.raised.v1`: a rule found its threshold crossed in a window of the
 * documents' own times (China time), or a warning's grade rose. `warningId` is stable for one rule version and
 * subject, so a redelivery or a second instance raises the same warning. No personal data in clear: a person
 * subject is a person token with its masked value.
 */
export class RiskWarningRaised {
  @ApiProperty({ example: 'w-5f0c1e0a9d6b4c1f8a77e2d4' })
  @IsString()
  @Length(1, 100)
  warningId!: string;

  @ApiProperty({
    description: 'The case the warning opened',
    example: 'c3f1d7a2-0b7e-4c55-9a40-2f1e0d2c9b11',
  })
  @IsString()
  @Length(1, 100)
  caseId!: string;

  @ApiProperty({ example: 'risk.orderSplitting' })
  @Matches(/^[a-z]+\.[A-Za-z0-9]+$/)
  ruleCode!: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  ruleVersion!: number;

  @ApiProperty({ enum: RISK_GRADES, description: '蓝/黄/橙/红' })
  @IsIn(RISK_GRADES)
  grade!: RiskGrade;

  @ApiProperty({ enum: RISK_SUBJECT_KINDS })
  @IsIn(RISK_SUBJECT_KINDS)
  subjectKind!: RiskSubjectKind;

  @ApiProperty({
    description: 'The subject: a person token (pt<v>.<hmac>), an enterprise code, or `ebpCode:hsCode`',
    example: 'pt1.3q2k9f…',
  })
  @IsString()
  @MaxLength(300)
  subject!: string;

  @ApiProperty({ description: 'Masked display value of a person subject', example: '110***********0012' })
  @IsString()
  @MaxLength(200)
  subjectMasked!: string;

  @ApiProperty({
    description: 'Enterprise the warning concerns (the platform of the documents)',
    example: '3301968AAA',
  })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({ description: 'What the window holds: orders, names, buyers, anomalies…', example: 5 })
  @IsInt()
  @Min(0)
  count!: number;

  @ApiProperty({ description: 'Start of the worst window (ISO 8601, China time offset)' })
  @IsISO8601({ strict: true })
  windowFrom!: string;

  @ApiProperty({ description: 'End of the worst window (ISO 8601, China time offset)' })
  @IsISO8601({ strict: true })
  windowTo!: string;

  @ApiProperty({ type: [String], description: 'Order numbers or anomaly ids behind it', example: ['ORD-1'] })
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  evidence!: string[];

  @ApiProperty({ example: 'Five orders within 24 h, each between 4,500 and 5,000 CNY' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiProperty({ description: 'When the risk service raised or raised the grade (ISO 8601)' })
  @IsISO8601({ strict: true })
  raisedAt!: string;
}

/**
 * Payload of `risk.external.case.changed.v1`: one step of a case, with the named person who took it and why.
 * `step` is unique per case, so consumers keep the highest.
 */
export class RiskCaseChanged {
  @ApiProperty({ example: 'c3f1d7a2-0b7e-4c55-9a40-2f1e0d2c9b11' })
  @IsString()
  @Length(1, 100)
  caseId!: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  step!: number;

  @ApiProperty({ enum: RISK_CASE_STATUSES })
  @IsIn(RISK_CASE_STATUSES)
  status!: RiskCaseStatus;

  @ApiProperty({
    description: 'What happened: opened, assessed, assigned, warned, notice, inspection, reviewed…',
  })
  @IsString()
  @Length(1, 40)
  action!: string;

  @ApiProperty({ example: '3301968AAA' })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({ example: 'risk.orderSplitting' })
  @Matches(/^[a-z]+\.[A-Za-z0-9]+$/)
  ruleCode!: string;

  @ApiProperty({ enum: RISK_GRADES })
  @IsIn(RISK_GRADES)
  grade!: RiskGrade;

  @ApiProperty({ required: false, description: 'Agency the case is assigned to', example: 'customs' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  agency?: string;

  @ApiProperty({ description: 'The named person who took the step (or `risk-service` for automatic steps)' })
  @IsString()
  @Length(1, 100)
  actor!: string;

  @ApiProperty({ example: 'Orders confirmed split by one buyer' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  occurredAt!: string;
}

/**
 * Payload of `risk.internal.inspection.requested.v1`: a risk case asks customs to inspect one import list (by
 * order number). Before release customs sends the list to inspection (500) instead of releasing it; after
 * release it opens a post-release check. `requestId` is stable per case and order.
 */
export class RiskInspectionRequested {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  requestId!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  caseId!: string;

  @ApiProperty({ example: 'ORD-20261130-0001' })
  @IsString()
  @Length(1, 60)
  orderNo!: string;

  @ApiProperty({ example: 'risk.orderSplitting' })
  @Matches(/^[a-z]+\.[A-Za-z0-9]+$/)
  ruleCode!: string;

  @ApiProperty({ description: 'The named person who asked' })
  @IsString()
  @Length(1, 100)
  requestedBy!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiProperty()
  @IsISO8601({ strict: true })
  requestedAt!: string;
}

/**
 * Payload of `risk.internal.notice.issued.v1`: a risk notice to an enterprise, shaped as a receipt on one of its
 * documents so that the gateway records it in the sender's receipt feed and pushes it to its webhooks.
 */
export class RiskNotice extends DocumentReceipt {}
