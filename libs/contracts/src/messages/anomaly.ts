import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

import { ENTERPRISE_CODE } from '../ceb/patterns';

/** How serious an anomaly is for the services that weigh it (credit facts, risk rules). */
export const ANOMALY_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AnomalySeverity = (typeof ANOMALY_SEVERITIES)[number];

/**
 * `detected` opens an anomaly; `withdrawn` takes it back when its cause is reversed (a late scan arrives, a
 * verification period is corrected): consumers undo what the anomaly did (a credit fact, a risk signal).
 */
export const ANOMALY_STATUSES = ['detected', 'withdrawn'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

/**
 * An anomaly a service found about an enterprise, as the forex and logistics services publish it for risk and
 * credit (`forex.external.verification-anomaly.*`, `logistics.external.anomaly.*`). `anomalyId` is stable for
 * one cause (derived from it, not random), so a redelivery or a second instance publishes the same id and
 * consumers keep one fact per id, the latest `status` winning by `occurredAt`. No personal data in clear.
 */
export class AnomalyReported {
  @ApiProperty({
    description: 'Stable id of the anomaly, derived from its cause',
    example: 'logistics:no-scan:YT0001',
  })
  @IsString()
  @Length(1, 200)
  anomalyId!: string;

  @ApiProperty({ enum: ANOMALY_STATUSES })
  @IsIn(ANOMALY_STATUSES)
  status!: AnomalyStatus;

  @ApiProperty({
    description: 'Customs code of the enterprise concerned (10 or 18 characters)',
    example: '3301968AAA',
  })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({
    description: 'What was found, a rule code of the producer: `<service>.<rule>`',
    example: 'logistics.noScanAfterRelease',
  })
  @Matches(/^[a-z]+\.[A-Za-z0-9]+$/)
  kind!: string;

  @ApiProperty({ enum: ANOMALY_SEVERITIES })
  @IsIn(ANOMALY_SEVERITIES)
  severity!: AnomalySeverity;

  @ApiProperty({
    description: 'When the anomaly happened by the documents’ own times (ISO 8601, China time offset)',
  })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiProperty({
    description: 'Why, in words an enterprise can act on',
    example: 'No carrier scan 48 h after release',
  })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiProperty({
    description: 'References to the documents behind it (list identity, logisticsNo, period…)',
    type: [String],
    example: ['YT0001'],
  })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  evidence!: string[];

  @ApiProperty({ required: false, description: 'Period it covers, for periodic checks (`2026-11`, `2026`)' })
  @IsOptional()
  @Matches(/^\d{4}(-\d{2})?$/)
  period?: string;
}

/** Payload of `forex.external.verification-anomaly.reported.v1` (kinds `forex.*`). */
export class ForexVerificationAnomaly extends AnomalyReported {}

/** Payload of `logistics.external.anomaly.reported.v1` (kinds `logistics.*`). */
export class LogisticsAnomaly extends AnomalyReported {}

/** Warning grades of the risk service (蓝/黄/橙/红). */
export const RISK_GRADES = ['blue', 'yellow', 'orange', 'red'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

/** How a risk case ended: the risk was real, or the warning was a false positive (which clears it). */
export const RISK_CASE_OUTCOMES = ['confirmed', 'falsePositive'] as const;
export type RiskCaseOutcome = (typeof RISK_CASE_OUTCOMES)[number];

/**
 * Payload of `risk.external.case.concluded.v1`: a risk case closed after review, for the credit archive and the
 * regulators. One message per case (`caseId`); a case reopened and concluded again is published again and the
 * latest `concludedAt` wins.
 */
export class RiskCaseConcluded {
  @ApiProperty({ example: 'c3f1d7a2-0b7e-4c55-9a40-2f1e0d2c9b11' })
  @IsString()
  @Length(1, 100)
  caseId!: string;

  @ApiProperty({ description: 'Customs code of the enterprise the case is about', example: '3301968AAA' })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({ description: 'Code of the rule that opened the case', example: 'risk.orderSplitting' })
  @Matches(/^[a-z]+\.[A-Za-z0-9]+$/)
  ruleCode!: string;

  @ApiProperty({ enum: RISK_GRADES })
  @IsIn(RISK_GRADES)
  grade!: RiskGrade;

  @ApiProperty({ enum: RISK_CASE_OUTCOMES })
  @IsIn(RISK_CASE_OUTCOMES)
  outcome!: RiskCaseOutcome;

  @ApiProperty({ description: 'When the case was concluded (ISO 8601)' })
  @IsISO8601({ strict: true })
  concludedAt!: string;

  @ApiProperty({ description: 'The reviewer’s reasons', example: 'Six orders in 2 h just under 5,000 CNY' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
