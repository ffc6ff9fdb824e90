import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

import { REGULATOR_AGENCIES, RISK_CASE_OUTCOMES, RISK_CASE_STATUSES, RISK_GRADES } from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, hasScope, Principal, Scopes } from '../auth/principal';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { RiskClient } from './risk-client';
import { RiskSubjects } from './risk-subjects';

const CASE_ACTIONS = ['assess', 'assign', 'warn', 'dispose', 'review', 'falsePositive'] as const;
const DISPOSALS = ['notice', 'inspection'] as const;

export class RiskCaseStepDto {
  @ApiProperty({
    enum: CASE_ACTIONS,
    example: 'dispose',
    description:
      'assess (collected → assessed, may regrade), warn (→ warned), dispose (→ disposed, with disposals), ' +
      'review (→ reviewed, with an outcome; publishes the credit fact), assign (to an agency, any open step), ' +
      'falsePositive (closes the case at any open step)',
  })
  @IsIn(CASE_ACTIONS)
  action!: string;

  @ApiProperty({
    description: 'The named staff member taking the step (recorded in the audit trail with your client id)',
    example: '王芳 (customs risk officer 3301-017)',
  })
  @IsString()
  @Length(1, 100)
  actor!: string;

  @ApiProperty({
    description: 'Why, in words the enterprise and a reviewer can follow',
    example: 'Six orders in 2 h just under 5,000 CNY by one buyer',
  })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiPropertyOptional({ enum: RISK_GRADES, description: 'assess: the grade the assessor sets' })
  @IsOptional()
  @IsIn(RISK_GRADES)
  grade?: string;

  @ApiPropertyOptional({
    enum: REGULATOR_AGENCIES,
    description: 'assign: the agency that works the case',
    example: 'customs',
  })
  @IsOptional()
  @IsIn(REGULATOR_AGENCIES)
  agency?: string;

  @ApiPropertyOptional({
    enum: DISPOSALS,
    isArray: true,
    example: ['notice', 'inspection'],
    description:
      'dispose: a notice to the enterprise (receipt feed and webhooks) and/or an inspection request to customs ' +
      '(inspection 500 instead of release; a post-release check once released)',
  })
  @IsOptional()
  @IsArray()
  @IsIn(DISPOSALS, { each: true })
  disposals?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'inspection: the orders whose lists to inspect (default: the orders of the warning)',
    example: ['ORD-20261130-0001'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  orderNos?: string[];

  @ApiPropertyOptional({ enum: RISK_CASE_OUTCOMES, description: 'review: confirmed or falsePositive' })
  @IsOptional()
  @IsIn(RISK_CASE_OUTCOMES)
  outcome?: string;
}

const READERS = [Scopes.RegulatorRead, Scopes.RegistryRead] as const;

type SubjectOfCase = Parameters<RiskSubjects['clearSubject']>[1];

/**
 * Risk cases through the single access point: regulators (and operators) list and read cases; customs, the
 * agency a case is assigned to, and operators take its steps. People are named: every step carries the staff
 * member's name (`actor`) and the reason, audited with the client id. Persons appear as tokens and masked values.
 */
@ApiTags('risk')
@Controller({ path: 'risk', version: '1' })
export class RiskQueriesController {
  constructor(
    private readonly risk: RiskClient,
    private readonly subjects: RiskSubjects,
  ) {}

  @Get('cases')
  @Authenticated(...READERS)
  @ApiOperation({ summary: 'Risk cases by status, agency, rule and enterprise, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: RISK_CASE_STATUSES })
  @ApiQuery({ name: 'agency', required: false, example: 'customs' })
  @ApiQuery({ name: 'rule', required: false, example: 'risk.orderSplitting' })
  @ApiQuery({ name: 'enterprise', required: false, example: '3301968AAA' })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiOkResponse({ description: '{ items: RiskCase[] } with each case’s warning (grade, window, evidence)' })
  cases(
    @CurrentPrincipal() principal: Principal,
    @Query('status') status?: string,
    @Query('agency') agency?: string,
    @Query('rule') rule?: string,
    @Query('enterprise') enterprise?: string,
    @Query('limit') limit?: string,
  ): Promise<unknown> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ status, agency, rule, enterprise, limit })) if (v) query.set(k, v);
    return this.risk.call(principal, 'GET', `/internal/risk/cases?${query.toString()}`);
  }

  @Get('cases/:caseId')
  @Authenticated(...READERS)
  @ApiOperation({
    summary: 'One risk case with its warning and its audited history',
    description:
      'With personal-data:read, a person subject (buyer, address, address + phone) is also shown in clear as the ' +
      'gateway’s message log holds it (`warning.subjectClear`), and the read is audited.',
  })
  async case(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', new UuidParamPipe()) caseId: string,
  ): Promise<unknown> {
    const found = await this.risk.call<{ warning?: SubjectOfCase }>(
      principal,
      'GET',
      `/internal/risk/cases/${caseId}`,
    );
    if (!hasScope(principal, Scopes.PersonalData) || !found.warning) return found;
    const clear = await this.subjects.clearSubject(principal, found.warning);
    return clear ? { ...found, warning: { ...found.warning, subjectClear: clear } } : found;
  }

  @Post('cases/:caseId/steps')
  @HttpCode(200)
  @Authenticated(Scopes.RegulatorRead, Scopes.RegistryWrite)
  @ApiOperation({
    summary:
      'Take a step on a risk case: assess, assign, warn, dispose, review, or close as a false positive',
    description:
      '409 when the step does not follow from the case’s status. Customs, the assigned agency and operators only.',
  })
  step(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', new UuidParamPipe()) caseId: string,
    @Body() body: RiskCaseStepDto,
  ): Promise<unknown> {
    return this.risk.call(principal, 'POST', `/internal/risk/cases/${caseId}/steps`, body);
  }
}
