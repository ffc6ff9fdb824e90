import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';

import {
  CREDIT_LEVELS,
  CREDIT_LISTS,
  DecideAppealRequest,
  DecideListEntryRequest,
  FileAppealRequest,
  RecordCreditFactRequest,
  RepairListEntryRequest,
  ReverseCreditFactRequest,
} from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreditClient } from './credit-client';
import { FILE_EXAMPLE } from './credit-examples';

const READERS = [Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead] as const;
const CODE = {
  name: 'code',
  description: 'Customs code of the enterprise or individual seller',
  example: '3301968AAA',
};

const STANDING_EXAMPLE = {
  enterpriseCode: '3301968AAA',
  kind: 'enterprise',
  level: 'D',
  ratedAt: '2026-11-30T02:00:00.000Z',
  lists: [{ list: 'blacklist', basis: 'decision', since: '2026-11-30T01:00:00.000Z', until: null }],
};
const APPEAL_EXAMPLE = {
  id: '5b7c2f10-8a0e-4f43-9d7e-3c1b2a4d5e6f',
  enterpriseCode: '3301968AAA',
  target: 'list-entry',
  targetId: '7f0c1e0a-5d1b-4f7e-9b43-0d6c3a1f2e11',
  grounds: '判决已被二审撤销，见 (2026)浙刑终12号',
  filedAt: '2026-11-30T03:00:00.000Z',
  status: 'pending',
  decidedBy: null,
  decisionNote: null,
  decidedAt: null,
};

/**
 * The credit archive through the single access point (graded disclosure, 分级公开): any authenticated client reads
 * an enterprise's grade and list status; the enterprise reads its whole file and files appeals; regulators read
 * every file, record facts (penalties, AEO certification, judgements), decide list entries, credit repair and
 * appeals, each decision with the named person who took it.
 */
@ApiTags('credit')
@Controller({ path: 'credit', version: '1' })
export class CreditController {
  constructor(private readonly credit: CreditClient) {}

  @Get('enterprises/:code')
  @Authenticated()
  @ApiOperation({
    summary: "An enterprise's credit grade (A–D) and the lists it is on: public to any authenticated client",
  })
  @ApiParam(CODE)
  @ApiOkResponse({ description: 'The standing', schema: { example: STANDING_EXAMPLE } })
  standing(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<unknown> {
    return this.credit.call(principal, 'GET', `/internal/enterprises/${encodeURIComponent(code)}`);
  }

  @Get('enterprises/:code/file')
  @Authenticated(...READERS)
  @ApiOperation({
    summary: 'The whole credit file: rating with its explanation, facts, list entries, appeals',
    description: 'The enterprise reads its own; regulators and operators read every file.',
  })
  @ApiParam(CODE)
  @ApiOkResponse({ description: 'The file', schema: { example: FILE_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'Not this enterprise’s file' })
  file(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<unknown> {
    return this.credit.call(principal, 'GET', `/internal/enterprises/${encodeURIComponent(code)}/file`);
  }

  @Get('standings')
  @Authenticated(Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({ summary: 'Regulators: the enterprises at a grade or on a list' })
  @ApiQuery({ name: 'level', required: false, enum: CREDIT_LEVELS })
  @ApiQuery({ name: 'list', required: false, enum: CREDIT_LISTS })
  @ApiOkResponse({ schema: { example: { items: [STANDING_EXAMPLE] } } })
  standings(
    @CurrentPrincipal() principal: Principal,
    @Query('level') level?: string,
    @Query('list') list?: string,
  ): Promise<unknown> {
    const query = new URLSearchParams();
    if (level !== undefined) query.set('level', level);
    if (list !== undefined) query.set('list', list);
    return this.credit.call(principal, 'GET', `/internal/standings?${query.toString()}`);
  }

  @Post('facts')
  @Authenticated(Scopes.RegulatorRead)
  @ApiOperation({
    summary: 'Regulators: record an administrative penalty, a customs AEO certification or a court judgement',
    description:
      'Regulators of credit, customs, market supervision and tax. The file is rated again at once; AEO advanced ' +
      'certification sets a floor of A, general a floor of B (recognition of the customs grade).',
  })
  @ApiCreatedResponse({ schema: { example: { id: 'regulator:0a4c7d8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f' } } })
  @ApiBadRequestResponse({ description: 'Field errors (problem+json)' })
  recordFact(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RecordCreditFactRequest,
  ): Promise<unknown> {
    return this.credit.call(principal, 'POST', '/internal/facts', body);
  }

  @Post('facts/:id/reversal')
  @HttpCode(200)
  @Authenticated(Scopes.RegulatorRead)
  @ApiOperation({ summary: 'Regulators: reverse a fact (its decision was quashed or corrected)' })
  @ApiParam({ name: 'id', example: 'regulator:0a4c7d8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f' })
  @ApiOkResponse({
    schema: { example: { id: 'regulator:0a4c7d8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f', status: 'reversed' } },
  })
  reverseFact(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ReverseCreditFactRequest,
  ): Promise<unknown> {
    return this.credit.call(principal, 'POST', `/internal/facts/${encodeURIComponent(id)}/reversal`, body);
  }

  @Post('list-entries')
  @Authenticated(Scopes.RegulatorRead)
  @ApiOperation({
    summary: 'Regulators: put an enterprise on the abnormal-operation list, the blacklist or the whitelist',
    description:
      'Effects: blacklisted, its new declarations are refused at the gateway (403 `credit.blacklisted`) and its grade ' +
      'is D (customs inspects every list); abnormal, its grade is C at most; whitelisted, A (the lowest inspection rate). ' +
      'The enterprise is told through its receipt feed and webhooks.',
  })
  @ApiCreatedResponse({ schema: { example: { id: '7f0c1e0a-5d1b-4f7e-9b43-0d6c3a1f2e11' } } })
  decideEntry(
    @CurrentPrincipal() principal: Principal,
    @Body() body: DecideListEntryRequest,
  ): Promise<unknown> {
    return this.credit.call(principal, 'POST', '/internal/list-entries', body);
  }

  @Post('list-entries/:id/repair')
  @HttpCode(200)
  @Authenticated(Scopes.RegulatorRead)
  @ApiOperation({ summary: 'Regulators: credit repair (信用修复) ends an active list entry' })
  @ApiParam({ name: 'id', example: '7f0c1e0a-5d1b-4f7e-9b43-0d6c3a1f2e11' })
  @ApiOkResponse({ schema: { example: { id: '7f0c1e0a-5d1b-4f7e-9b43-0d6c3a1f2e11', status: 'repaired' } } })
  @ApiConflictResponse({ description: 'The entry is not active' })
  repair(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: RepairListEntryRequest,
  ): Promise<unknown> {
    return this.credit.call(
      principal,
      'POST',
      `/internal/list-entries/${encodeURIComponent(id)}/repair`,
      body,
    );
  }

  @Post('appeals')
  @Authenticated(Scopes.DocumentsWrite, Scopes.DocumentsRead)
  @ApiOperation({
    summary: 'The enterprise appeals against a fact of its file or a list entry',
    description:
      'One pending appeal per target; a regulator decides it (`POST /v1/credit/appeals/{id}/decision`).',
  })
  @ApiCreatedResponse({ schema: { example: APPEAL_EXAMPLE } })
  @ApiConflictResponse({ description: 'An appeal against this target is pending already' })
  fileAppeal(@CurrentPrincipal() principal: Principal, @Body() body: FileAppealRequest): Promise<unknown> {
    return this.credit.call(principal, 'POST', '/internal/appeals', body);
  }

  @Get('appeals')
  @Authenticated(...READERS)
  @ApiOperation({ summary: 'Appeals: the enterprise’s own, or all for regulators' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'upheld', 'rejected'] })
  @ApiOkResponse({ schema: { example: { items: [APPEAL_EXAMPLE] } } })
  appeals(@CurrentPrincipal() principal: Principal, @Query('status') status?: string): Promise<unknown> {
    return this.credit.call(
      principal,
      'GET',
      `/internal/appeals${status !== undefined ? `?status=${encodeURIComponent(status)}` : ''}`,
    );
  }

  @Post('appeals/:id/decision')
  @HttpCode(200)
  @Authenticated(Scopes.RegulatorRead)
  @ApiOperation({
    summary:
      'Regulators: decide an appeal; upheld reverses the fact or revokes the entry, and the file is rated again',
  })
  @ApiParam({ name: 'id', example: APPEAL_EXAMPLE.id })
  @ApiOkResponse({
    schema: {
      example: {
        ...APPEAL_EXAMPLE,
        status: 'upheld',
        decidedBy: '王明 (HZ-CR-0107)',
        decisionNote: '申诉成立',
      },
    },
  })
  @ApiConflictResponse({ description: 'The appeal is decided already' })
  decideAppeal(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: DecideAppealRequest,
  ): Promise<unknown> {
    return this.credit.call(principal, 'POST', `/internal/appeals/${encodeURIComponent(id)}/decision`, body);
  }
}
