import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';

import { ENTERPRISE_CODE } from '../ceb/patterns';
import { ANOMALY_SEVERITIES, type AnomalySeverity } from './anomaly';
import { CREDIT_LISTS, type CreditList } from './credit';

/**
 * Requests of the credit API (`/v1/credit/...` at the gateway, `/internal/...` at the credit app): one class
 * each, validated on both sides, documented once.
 */
export const REGULATOR_FACT_KINDS = ['administrativePenalty', 'aeoCertification', 'courtJudgement'] as const;
export type RegulatorFactKind = (typeof REGULATOR_FACT_KINDS)[number];
export const AEO_GRADES = ['advanced', 'general'] as const;

const PERSON = 'The named person who decides (staff name and number): recorded with the decision';

export class RecordCreditFactRequest {
  @ApiProperty({ description: 'Customs code of the enterprise or individual seller', example: '3301968AAA' })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({ enum: REGULATOR_FACT_KINDS, example: 'administrativePenalty' })
  @IsIn(REGULATOR_FACT_KINDS)
  kind!: RegulatorFactKind;

  @ApiProperty({ enum: ANOMALY_SEVERITIES, example: 'medium' })
  @IsIn(ANOMALY_SEVERITIES)
  severity!: AnomalySeverity;

  @ApiProperty({ description: 'When it was decided (ISO 8601)', example: '2026-11-20T10:00:00+08:00' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiProperty({ example: '杭市监罚〔2026〕118号：虚假宣传，罚款 5 万元' })
  @IsString()
  @Length(1, 1000)
  reason!: string;

  @ApiProperty({ type: [String], example: ['杭市监罚〔2026〕118号'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  evidence!: string[];

  @ApiPropertyOptional({
    description: 'When it stops counting (ISO 8601); default: the window of its kind in the scoring model',
    example: '2029-11-20T00:00:00+08:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({
    enum: AEO_GRADES,
    description: 'aeoCertification only: 高级认证 or 一般认证',
    example: 'advanced',
  })
  @ValidateIf((o: RecordCreditFactRequest) => o.kind === 'aeoCertification' || o.aeoGrade !== undefined)
  @IsIn(AEO_GRADES)
  aeoGrade?: (typeof AEO_GRADES)[number];

  @ApiProperty({ description: PERSON, example: '王明 (HZ-CR-0107)' })
  @IsString()
  @Length(1, 200)
  recordedBy!: string;
}

export class ReverseCreditFactRequest {
  @ApiProperty({ example: '行政复议撤销原处罚决定' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiProperty({ description: PERSON, example: '王明 (HZ-CR-0107)' })
  @IsString()
  @Length(1, 200)
  decidedBy!: string;
}

export class DecideListEntryRequest {
  @ApiProperty({ example: '3301968AAA' })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({ enum: CREDIT_LISTS, example: 'blacklist' })
  @IsIn(CREDIT_LISTS)
  list!: CreditList;

  @ApiProperty({ example: '走私普通货物罪，(2026)浙01刑初88号' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiPropertyOptional({ description: 'Start (ISO 8601); default now', example: '2026-11-30T09:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startAt?: string;

  @ApiPropertyOptional({
    description: 'End (ISO 8601); none: until repaired',
    example: '2028-11-30T00:00:00+08:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  endAt?: string;

  @ApiProperty({ description: PERSON, example: '王明 (HZ-CR-0107)' })
  @IsString()
  @Length(1, 200)
  decidedBy!: string;
}

export class RepairListEntryRequest {
  @ApiProperty({
    description: 'What the enterprise did (信用修复: corrected, paid, trained…)',
    example: '已缴清罚款并完成信用修复培训',
  })
  @IsString()
  @Length(1, 500)
  note!: string;

  @ApiProperty({ description: PERSON, example: '王明 (HZ-CR-0107)' })
  @IsString()
  @Length(1, 200)
  decidedBy!: string;
}

export const APPEAL_TARGETS = ['fact', 'list-entry'] as const;
export type AppealTarget = (typeof APPEAL_TARGETS)[number];

export class FileAppealRequest {
  @ApiProperty({
    enum: APPEAL_TARGETS,
    description: 'A fact of the file, or a list entry',
    example: 'list-entry',
  })
  @IsIn(APPEAL_TARGETS)
  target!: AppealTarget;

  @ApiProperty({
    description: 'Id of the fact or entry (from the file)',
    example: '7f0c1e0a-5d1b-4f7e-9b43-0d6c3a1f2e11',
  })
  @IsString()
  @Length(1, 250)
  targetId!: string;

  @ApiProperty({ example: '判决已被二审撤销，见 (2026)浙刑终12号' })
  @IsString()
  @Length(1, 2000)
  grounds!: string;
}

export const APPEAL_DECISIONS = ['upheld', 'rejected'] as const;

export class DecideAppealRequest {
  @ApiProperty({
    enum: APPEAL_DECISIONS,
    description: 'upheld reverses the fact or revokes the entry',
    example: 'upheld',
  })
  @IsIn(APPEAL_DECISIONS)
  decision!: (typeof APPEAL_DECISIONS)[number];

  @ApiProperty({ example: '二审判决撤销原判，申诉成立' })
  @IsString()
  @Length(1, 1000)
  note!: string;

  @ApiProperty({ description: PERSON, example: '王明 (HZ-CR-0107)' })
  @IsString()
  @Length(1, 200)
  decidedBy!: string;
}
