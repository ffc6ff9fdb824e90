import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';

import {
  REGULATOR_AGENCIES,
  RISK_CASE_OUTCOMES,
  RISK_CASE_STATUSES,
  RISK_GRADES,
  type RiskCaseOutcome,
  type RiskGrade,
} from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import { CASE_ACTIONS, type CaseAction, type Disposal, DISPOSALS } from '../cases/case-machine';
import { TakeCaseStep } from '../cases/take-case-step.usecase';
import {
  assertReader,
  assertWorker,
  type Caller,
  CurrentCaller,
  InternalCallGuard,
} from './internal-call.guard';

export class CaseStepBody {
  @IsIn(CASE_ACTIONS)
  action!: CaseAction;

  /** The named person taking the step (people are named: ARCHITECTURE.md). */
  @IsString()
  @Length(1, 100)
  actor!: string;

  @IsString()
  @Length(1, 500)
  reason!: string;

  @IsOptional()
  @IsIn(RISK_GRADES)
  grade?: RiskGrade;

  @IsOptional()
  @IsIn(REGULATOR_AGENCIES)
  agency?: string;

  @IsOptional()
  @IsArray()
  @IsIn(DISPOSALS, { each: true })
  disposals?: Disposal[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  orderNos?: string[];

  @IsOptional()
  @IsIn(RISK_CASE_OUTCOMES)
  outcome?: RiskCaseOutcome;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CASE_COLUMNS = `c.case_id AS "caseId", c.rule_code AS "ruleCode", c.rule_version AS "ruleVersion",
  c.enterprise_code AS "enterpriseCode", c.grade, c.status, c.agency, c.outcome, c.step,
  c.opened_at AS "openedAt", c.updated_at AS "updatedAt",
  json_build_object('warningId', w.warning_id, 'subjectKind', w.subject_kind, 'subject', w.subject,
    'subjectMasked', w.subject_masked, 'grade', w.grade, 'score', w.score, 'windowFrom', w.window_from,
    'windowTo', w.window_to, 'evidence', w.evidence, 'notice', w.notice) AS warning`;

/** Risk cases for the gateway's regulator API: queries by status, agency, rule and enterprise, and case steps. */
@Controller('internal/risk')
@UseGuards(InternalCallGuard)
export class CasesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly steps: TakeCaseStep,
  ) {}

  @Get('cases')
  async list(
    @CurrentCaller() caller: Caller,
    @Query('status') status?: string,
    @Query('agency') agency?: string,
    @Query('rule') rule?: string,
    @Query('enterprise') enterprise?: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: unknown[] }> {
    assertReader(caller);
    const errors: { path: string; rule: string; message: string }[] = [];
    if (status !== undefined && !(RISK_CASE_STATUSES as readonly string[]).includes(status))
      errors.push({
        path: 'status',
        rule: 'isIn',
        message: `status must be one of ${RISK_CASE_STATUSES.join(', ')}`,
      });
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      errors.push({ path: 'limit', rule: 'range', message: 'limit must be a whole number from 1 to 500' });
    for (const [path, v] of Object.entries({ agency, rule, enterprise }))
      if (v !== undefined && v.length > 60)
        errors.push({ path, rule: 'maxLength', message: `${path} must be at most 60 characters` });
    if (errors.length) throw new FieldValidationException(errors);
    const items: unknown[] = await this.dataSource.query(
      `SELECT ${CASE_COLUMNS} FROM "risk"."risk_case" c JOIN "risk"."warning" w ON w.warning_id = c.warning_id
       WHERE ($1::text IS NULL OR c.status = $1) AND ($2::text IS NULL OR c.agency = $2)
         AND ($3::text IS NULL OR c.rule_code = $3) AND ($4::text IS NULL OR c.enterprise_code = $4)
       ORDER BY c.opened_at DESC, c.case_id LIMIT $5`,
      [status ?? null, agency ?? null, rule ?? null, enterprise ?? null, n],
    );
    return { items };
  }

  @Get('cases/:caseId')
  async one(@CurrentCaller() caller: Caller, @Param('caseId') caseId: string): Promise<unknown> {
    assertReader(caller);
    if (!UUID.test(caseId)) throw new NotFoundException(`no risk case ${caseId}`);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${CASE_COLUMNS} FROM "risk"."risk_case" c JOIN "risk"."warning" w ON w.warning_id = c.warning_id
       WHERE c.case_id = $1`,
      [caseId],
    );
    if (!rows[0]) throw new NotFoundException(`no risk case ${caseId}`);
    const history: unknown[] = await this.dataSource.query(
      `SELECT step, status, action, actor, client_id AS "clientId", agency, reason, details, at
       FROM "risk"."case_event" WHERE case_id = $1 ORDER BY step`,
      [caseId],
    );
    return { ...rows[0], history };
  }

  @Post('cases/:caseId/steps')
  @HttpCode(200)
  async step(
    @CurrentCaller() caller: Caller,
    @Param('caseId') caseId: string,
    @Body() body: CaseStepBody,
  ): Promise<unknown> {
    if (!UUID.test(caseId)) throw new NotFoundException(`no risk case ${caseId}`);
    await this.steps.execute(caseId, { ...body, clientId: caller.clientId }, (row) =>
      assertWorker(caller, row.agency),
    );
    return this.one(caller, caseId);
  }
}
