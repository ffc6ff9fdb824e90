import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { DEMO_BUYER, DEMO_ENTERPRISES, Topics } from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { REVOCATION_CACHE_TTL_MS } from '../auth/client-revocation.service';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import {
  ChangeEnterpriseRequest,
  CONTACT_EXAMPLE,
  EnterprisePage,
  EnterpriseResponse,
  ListEnterprisesQuery,
  RegisterEnterpriseRequest,
  SuspendEnterpriseRequest,
} from './enterprise.dto';
import { enterpriseResponse } from './enterprise-record';
import { RegistryReads } from './registry-reads.usecase';
import { RegistryWrites } from './registry-writes.usecase';

const CUSTOMS_CODE_PARAM = {
  name: 'customsCode',
  description: 'Customs registration code of the enterprise',
  example: DEMO_ENTERPRISES.payment.customsCode,
};
const PUBLISHED = `Publishes the whole record on \`${Topics.EnterpriseChanged.name}\` (same transaction).`;
const FIELD_ERRORS = 'application/problem+json listing every field error (path, rule, message)';
const REGISTRATION_EXAMPLES = {
  enterprise: {
    summary: 'An enterprise (the demo payment company, Tenpay)',
    value: { kind: 'enterprise', ...DEMO_ENTERPRISES.payment, contacts: [CONTACT_EXAMPLE] },
  },
  individual: {
    summary: 'An individual seller (个人电商), with an ID number instead of a credit code',
    value: {
      customsCode: '33019600P1',
      kind: 'individual',
      idNumber: DEMO_BUYER.idNumber,
      name: DEMO_BUYER.name,
      roles: ['ebc'],
      contacts: [{ ...CONTACT_EXAMPLE, name: DEMO_BUYER.name, telephone: DEMO_BUYER.telephone }],
    },
  },
};

@ApiTags('enterprise registry')
@Controller({ path: 'enterprises', version: '1' })
export class EnterprisesController {
  constructor(
    private readonly writes: RegistryWrites,
    private readonly reads: RegistryReads,
  ) {}

  @Post()
  @Authenticated(Scopes.RegistryWrite)
  @ApiOperation({
    summary: 'Register an enterprise or individual seller (备案)',
    description:
      'Operators register an enterprise (with its unified social credit code, check character verified) ' +
      'or an individual seller (with an ID number instead) in one or more roles, with contacts. It starts ' +
      `\`active\`, at version 1. ${PUBLISHED} Its ERP then gets credentials at \`POST /v1/clients\`.`,
  })
  @ApiBody({ type: RegisterEnterpriseRequest, examples: REGISTRATION_EXAMPLES })
  @ApiCreatedResponse({ type: EnterpriseResponse })
  @ApiBadRequestResponse({ description: FIELD_ERRORS })
  @ApiConflictResponse({ description: 'The customs code, credit code or ID number is already registered' })
  async register(
    @Body() request: RegisterEnterpriseRequest,
    @CurrentPrincipal() caller: Principal,
  ): Promise<EnterpriseResponse> {
    return enterpriseResponse(await this.writes.register(request), caller);
  }

  @Get()
  @Authenticated(Scopes.RegistryRead, Scopes.RegulatorRead)
  @ApiOperation({
    summary: 'List registered enterprises',
    description:
      'Operators (`registry:read`) and regulators (`regulator:read`) list the registry in customs-code ' +
      'order, a page at a time (`limit`, then `cursor` = the previous `nextCursor`), optionally by role, ' +
      'status or kind. ID numbers are masked without `personal-data:read`.',
  })
  @ApiOkResponse({ type: EnterprisePage })
  @ApiBadRequestResponse({ description: FIELD_ERRORS })
  list(@Query() query: ListEnterprisesQuery, @CurrentPrincipal() caller: Principal): Promise<EnterprisePage> {
    return this.reads.list(query, caller);
  }

  @Get(':customsCode')
  @Authenticated()
  @ApiOperation({
    summary: 'Read one registration',
    description:
      'Operators (`registry:read`) and regulators (`regulator:read`) read any record; an enterprise client ' +
      'reads its own only (any other code answers 404, so codes cannot be probed); a bank reads the records ' +
      "of the enterprises that named it (`PUT /v1/forex/banks`), an individual seller's ID number in clear. " +
      'ID numbers are masked without `personal-data:read`; every clear ID number shown is recorded with who ' +
      'read it.',
  })
  @ApiParam(CUSTOMS_CODE_PARAM)
  @ApiOkResponse({ type: EnterpriseResponse })
  @ApiNotFoundResponse({
    description: 'Not registered, or not the calling enterprise (a bank: not its customer)',
  })
  get(
    @Param('customsCode') customsCode: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<EnterpriseResponse> {
    return this.reads.get(customsCode, caller);
  }

  @Patch(':customsCode')
  @Authenticated(Scopes.RegistryWrite)
  @ApiOperation({
    summary: 'Change a registration (变更)',
    description:
      'Replaces the name, roles or contacts given; the customs code, kind, credit code and ID number ' +
      `identify the record and do not change. The version grows by one. ${PUBLISHED} A change that ` +
      'changes nothing publishes nothing. Tokens already issued keep the roles they were issued with ' +
      'until they expire.',
  })
  @ApiParam(CUSTOMS_CODE_PARAM)
  @ApiOkResponse({ type: EnterpriseResponse })
  @ApiBadRequestResponse({ description: FIELD_ERRORS })
  @ApiNotFoundResponse({ description: 'Not registered' })
  async change(
    @Param('customsCode') customsCode: string,
    @Body() request: ChangeEnterpriseRequest,
    @CurrentPrincipal() caller: Principal,
  ): Promise<EnterpriseResponse> {
    return enterpriseResponse(await this.writes.change(customsCode, request), caller);
  }

  @Post(':customsCode/suspend')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Scopes.RegistryWrite)
  @ApiOperation({
    summary: 'Suspend a registration',
    description:
      'The enterprise’s clients get no more tokens, and the tokens they hold are rejected (at once on this ' +
      `gateway instance, within ${REVOCATION_CACHE_TTL_MS / 1000} seconds on the others); tokens ` +
      `issued before the suspension stay rejected after a reactivation. ${PUBLISHED} Suspending a suspended enterprise changes nothing.`,
  })
  @ApiParam(CUSTOMS_CODE_PARAM)
  @ApiOkResponse({ type: EnterpriseResponse })
  @ApiBadRequestResponse({ description: FIELD_ERRORS })
  @ApiNotFoundResponse({ description: 'Not registered' })
  async suspend(
    @Param('customsCode') customsCode: string,
    @Body() request: SuspendEnterpriseRequest,
    @CurrentPrincipal() caller: Principal,
  ): Promise<EnterpriseResponse> {
    return enterpriseResponse(await this.writes.suspend(customsCode, request.reason), caller);
  }

  @Post(':customsCode/reactivate')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Scopes.RegistryWrite)
  @ApiOperation({
    summary: 'Reactivate a suspended registration',
    description:
      'Its clients can get tokens again (new ones: those issued before the suspension stay rejected). ' +
      `${PUBLISHED} Reactivating an active enterprise changes nothing.`,
  })
  @ApiParam(CUSTOMS_CODE_PARAM)
  @ApiOkResponse({ type: EnterpriseResponse })
  @ApiNotFoundResponse({ description: 'Not registered' })
  async reactivate(
    @Param('customsCode') customsCode: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<EnterpriseResponse> {
    return enterpriseResponse(await this.writes.reactivate(customsCode), caller);
  }
}
