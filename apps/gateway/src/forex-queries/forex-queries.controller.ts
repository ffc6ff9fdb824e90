import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import {
  AdvancedFeeDto,
  AdvancedFeeQueryDto,
  DEMO_BANK,
  DEMO_ENTERPRISES,
  DEMO_INDIVIDUAL_SELLER,
  EnterpriseBanksDto,
  ExchangeRatesDto,
  FeeDeclarationDto,
  FOREX_TX_EXAMPLE,
  PersonalAccountDto,
  RegisterBankDto,
  SettlementRequestDto,
  TransactionQueryDto,
} from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { BankCustomers, Banks } from '../registry/bank-customers';
import { ForexClient } from './forex-client';
import {
  AdvancedFeePageResponse,
  AdvanceResponse,
  AnomalyListResponse,
  BankListResponse,
  BankResponse,
  DirectoryResponse,
  EnterpriseBanksResponse,
  FeeResponse,
  PersonalLedgerResponse,
  RatesResponse,
  SettlementResponse,
  TransactionPageResponse,
  VerificationReportResponse,
} from './forex.dto';

/** The console's example export order's record (declare, release and depart it first; or take an id from GET /v1/forex/transactions). */
const TX = FOREX_TX_EXAMPLE;
const SELLER = DEMO_ENTERPRISES.seller.customsCode;
/** The demo individual seller registered at `npm start` (it named the demo bank). */
const INDIVIDUAL = DEMO_INDIVIDUAL_SELLER.customsCode;
const TX_HOW =
  'The examples name the record of the console’s example export order (`export:<ebpCode>:<orderNo>`): it exists once ' +
  'that order (CEB303), receipt (CEB403), waybill (CEB505) and list (CEB603) are declared, the list released and the ' +
  'parcel departed (CEB509). The demo flow pushed at `npm start` uses fresh order numbers: take their ids from ' +
  '`GET /v1/forex/transactions` (the demo bank, the demo seller or SAFE).';
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const CODE = /^[0-9A-Z]{10}([0-9A-Z]{8})?$/;
const UNPROCESSABLE =
  'application/problem+json: the request does not reconcile (over-settlement, unknown or unverified record, other currency, reference reused with another body), every error with path, rule and message';

const SETTLEMENT_EXAMPLES = {
  receipt: {
    summary:
      '收汇: a net receipt against one export record (the example order’s record, 642.00 less 42.00 fees)',
    value: {
      bankReference: 'BOC-2026-000123',
      kind: 'receipt',
      currency: 'CNY',
      amount: '600.00',
      settledAt: '2026-11-21T10:30:00+08:00',
      allocations: [{ transactionId: TX, amount: '600.00' }],
    },
  },
  multiOrder: {
    summary:
      '收汇 across several orders at once (the second id: another export record of the seller, from GET /v1/forex/transactions)',
    value: {
      bankReference: 'BOC-2026-000124',
      kind: 'receipt',
      currency: 'CNY',
      amount: '900.00',
      settledAt: '2026-11-21T10:30:00+08:00',
      allocations: [
        { transactionId: TX, amount: '300.00' },
        {
          transactionId: `export:${DEMO_ENTERPRISES.platform.customsCode}:EXP20261121000002`,
          amount: '600.00',
        },
      ],
    },
  },
  conversion: {
    summary: '结汇: converting received funds',
    value: {
      bankReference: 'BOC-2026-000125',
      kind: 'conversion-settle',
      currency: 'CNY',
      amount: '600.00',
      settledAt: '2026-11-21T11:00:00+08:00',
      allocations: [{ transactionId: TX, amount: '600.00' }],
    },
  },
};

/**
 * Forex through the single access point: banks (client kind `bank`) read the transaction e-information of the
 * enterprises that named them and report settlements; enterprises name their banks, declare netted and advanced
 * fees and read their own records; SAFE (regulator agency `forex`) reads everything, runs total-volume
 * verification and reads the 名录 figures; operators register banks and load exchange rates.
 */
@ApiTags('forex')
@Controller({ version: '1' })
export class ForexQueriesController {
  constructor(
    private readonly forex: ForexClient,
    private readonly banks: Banks,
    private readonly customers: BankCustomers,
  ) {}

  @Post('banks')
  @Authenticated(Scopes.RegistryWrite)
  @ApiOperation({
    summary: 'Register a bank (SWIFT BIC, CNAPS code): operators',
    description:
      'Then issue it a client with `POST /v1/clients` `{ "kind": "bank", "bankCode": "<SWIFT>" }`.',
  })
  @ApiBody({
    type: RegisterBankDto,
    examples: {
      boc: { value: { swiftCode: 'BKCHCNBJ110', cnapsCode: '104100000004', name: '中国银行杭州分行' } },
    },
  })
  @ApiCreatedResponse({ type: BankResponse })
  registerBank(@Body() body: RegisterBankDto): Promise<BankResponse> {
    return this.banks.register(body);
  }

  @Get('banks')
  @Authenticated(Scopes.RegistryRead, Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.ForexBank)
  @ApiOperation({ summary: 'The banks registered on the platform' })
  @ApiOkResponse({ type: BankListResponse })
  async listBanks(): Promise<BankListResponse> {
    return { items: await this.banks.list() };
  }

  @Put('forex/banks')
  @Authenticated(Scopes.DocumentsWrite)
  @ApiOperation({
    summary: 'Name the banks that hold the enterprise’s FX accounts (replaces the list)',
    description: 'Those banks, and only those, see its transaction e-information and may settle against it.',
  })
  @ApiBody({
    type: EnterpriseBanksDto,
    examples: { one: { summary: 'The demo bank', value: { bankCodes: [DEMO_BANK.swiftCode] } } },
  })
  @ApiOkResponse({ type: EnterpriseBanksResponse })
  async nameBanks(
    @CurrentPrincipal() principal: Principal,
    @Body() body: EnterpriseBanksDto,
  ): Promise<EnterpriseBanksResponse> {
    const code = ownEnterprise(principal);
    return { enterpriseCode: code, bankCodes: await this.customers.setBanks(code, body.bankCodes) };
  }

  @Get('forex/banks')
  @Authenticated(Scopes.DocumentsRead)
  @ApiOperation({ summary: 'The banks the enterprise named' })
  @ApiOkResponse({ type: EnterpriseBanksResponse })
  async namedBanks(@CurrentPrincipal() principal: Principal): Promise<EnterpriseBanksResponse> {
    const code = ownEnterprise(principal);
    return { enterpriseCode: code, bankCodes: await this.customers.banksOf(code) };
  }

  @Get('forex/transactions')
  @Authenticated(Scopes.ForexBank, Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({
    summary: 'Transaction e-information (交易电子信息), cursor-paged in recording order',
    description:
      'A bank: the records of the enterprises that named it; an enterprise: its own; SAFE (agency forex) and operators: all. ' +
      'Each record carries its authenticity (verified, or why not) and what remains settleable. ' +
      'The same records are published on `forex.external.transaction.recorded.v1`.',
  })
  @ApiOkResponse({ type: TransactionPageResponse })
  async transactions(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TransactionQueryDto,
  ): Promise<unknown> {
    return this.forex.call(principal, 'POST', '/internal/transactions/query', {
      query,
      ...(await this.bankScope(principal)),
    });
  }

  @Post('forex/settlements')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Scopes.ForexBank)
  @ApiOperation({
    summary: 'Report a settlement (收汇/付汇/结汇/购汇) against one or more transaction records',
    description:
      'Idempotent by `bankReference`. Partial settlements and several orders at once are allowed; more than what remains ' +
      '(declared − reversed − settled − declared fees, within the configured tolerance) is refused with 422, as are ' +
      'records of enterprises that did not name the bank and records not verified. ' +
      TX_HOW,
  })
  @ApiBody({ type: SettlementRequestDto, examples: SETTLEMENT_EXAMPLES })
  @ApiOkResponse({ type: SettlementResponse })
  @ApiUnprocessableEntityResponse({ description: UNPROCESSABLE })
  async settle(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SettlementRequestDto,
  ): Promise<unknown> {
    return this.forex.call(principal, 'POST', '/internal/settlements', {
      settlement: body,
      ...(await this.bankScope(principal)),
    });
  }

  @Post('forex/fee-declarations')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Scopes.DocumentsWrite)
  @ApiOperation({
    summary: 'Declare an overseas fee deducted from export proceeds (netting 轧差)',
    description:
      'Warehousing, logistics, tax or platform commission, with evidence references; a net receipt then reconciles ' +
      'as gross minus the declared fees. Idempotent by `reference`. ' +
      TX_HOW,
  })
  @ApiBody({
    type: FeeDeclarationDto,
    examples: {
      warehousing: {
        value: {
          reference: 'FEE-2026-11-0001',
          transactionId: TX,
          kind: 'warehousing',
          amount: '42.00',
          currency: 'CNY',
          evidence: ['INV-WH-2026-1101'],
        },
      },
    },
  })
  @ApiOkResponse({ type: FeeResponse })
  @ApiUnprocessableEntityResponse({ description: UNPROCESSABLE })
  fee(@CurrentPrincipal() principal: Principal, @Body() body: FeeDeclarationDto): Promise<unknown> {
    return this.forex.call(principal, 'POST', '/internal/fee-declarations', body);
  }

  @Post('forex/advanced-fees')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Scopes.DocumentsWrite)
  @ApiOperation({
    summary: 'Record fees advanced (代垫) for a customer: warehousing, logistics, tax',
    description:
      'Recorded against the customer they were advanced for (read them back at `GET /v1/forex/advanced-fees`). ' +
      'Idempotent by `reference`.',
  })
  @ApiBody({
    type: AdvancedFeeDto,
    examples: {
      logistics: {
        summary: 'The demo logistics company advanced freight for the demo seller',
        value: {
          reference: 'ADV-2026-11-0001',
          customerCode: SELLER,
          kind: 'logistics',
          amount: '120.00',
          currency: 'USD',
          evidence: ['BL-2026-1101'],
        },
      },
    },
  })
  @ApiOkResponse({ type: AdvanceResponse })
  advance(@CurrentPrincipal() principal: Principal, @Body() body: AdvancedFeeDto): Promise<unknown> {
    return this.forex.call(principal, 'POST', '/internal/advanced-fees', body);
  }

  @Get('forex/advanced-fees')
  @Authenticated(Scopes.ForexBank, Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({
    summary: 'Fees advanced for customers (代垫), with the totals per customer and currency',
    description:
      'An enterprise: the advances it recorded and those recorded for it as the customer; a bank: those made by or ' +
      'for the enterprises that named it; SAFE (agency forex) and operators: all. Cursor-paged in recording order; ' +
      '`totals` sum every advance the filters select (all pages), per customer and currency.',
  })
  @ApiOkResponse({ type: AdvancedFeePageResponse })
  async advancedFees(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AdvancedFeeQueryDto,
  ): Promise<unknown> {
    return this.forex.call(principal, 'POST', '/internal/advanced-fees/query', {
      query,
      ...(await this.bankScope(principal)),
    });
  }

  @Put('forex/exchange-rates/:date')
  @Authenticated(Scopes.RegistryWrite)
  @ApiOperation({
    summary:
      "Load a day's exchange rates (US$ per unit, ISO 4217): operators; each load is a new version, published",
  })
  @ApiParam({ name: 'date', example: '2026-11-21' })
  @ApiBody({
    type: ExchangeRatesDto,
    examples: {
      day: {
        value: {
          rates: [
            { currency: 'CNY', usdPerUnit: '0.1405' },
            { currency: 'EUR', usdPerUnit: '1.0875' },
          ],
        },
      },
    },
  })
  @ApiOkResponse({ type: RatesResponse })
  loadRates(
    @CurrentPrincipal() principal: Principal,
    @Param('date') date: string,
    @Body() body: ExchangeRatesDto,
  ): Promise<unknown> {
    checkDate(date);
    return this.forex.call(principal, 'PUT', `/internal/exchange-rates/${date}`, body);
  }

  @Get('forex/exchange-rates/:date')
  @Authenticated(Scopes.RegistryRead, Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.ForexBank)
  @ApiOperation({
    summary: 'The exchange rates that apply on a day (latest day on or before it, its latest version)',
  })
  @ApiParam({ name: 'date', example: '2026-11-21' })
  @ApiOkResponse({ type: RatesResponse })
  rates(@CurrentPrincipal() principal: Principal, @Param('date') date: string): Promise<unknown> {
    checkDate(date);
    return this.forex.call(principal, 'GET', `/internal/exchange-rates/${date}`);
  }

  @Get('forex/directory')
  @Authenticated(Scopes.RegulatorRead, Scopes.DocumentsRead, Scopes.RegistryRead)
  @ApiOperation({
    summary: '名录 figures: settled receipts and payments per enterprise and calendar year (China time), US$',
    description:
      'Exempt while receipts and payments are each below US$200,000 (exclusive); reaching it on either side requires ' +
      'registration, and the 名录 data elements are sent to SAFE on `forex.external.directory-registration.requested.v1`. ' +
      'SAFE and operators: all enterprises; an enterprise: its own.',
  })
  @ApiQuery({ name: 'enterpriseCode', required: false, example: SELLER })
  @ApiQuery({ name: 'year', required: false, example: '2026' })
  @ApiOkResponse({ type: DirectoryResponse })
  directory(
    @CurrentPrincipal() principal: Principal,
    @Query('enterpriseCode') enterpriseCode?: string,
    @Query('year') year?: string,
  ): Promise<unknown> {
    const errors = [
      ...(enterpriseCode !== undefined && !CODE.test(enterpriseCode)
        ? [
            {
              path: 'enterpriseCode',
              rule: 'matches',
              message: 'enterpriseCode must be a customs or credit code',
            },
          ]
        : []),
      ...(year !== undefined && !/^\d{4}$/.test(year)
        ? [{ path: 'year', rule: 'matches', message: 'year must be YYYY' }]
        : []),
    ];
    if (errors.length) throw new FieldValidationException(errors);
    const q = new URLSearchParams();
    if (enterpriseCode) q.set('enterpriseCode', enterpriseCode);
    if (year) q.set('year', year);
    return this.forex.call(principal, 'GET', `/internal/directory?${q.toString()}`);
  }

  @Post('forex/verifications/:period')
  @HttpCode(HttpStatus.OK)
  @Authenticated(Scopes.RegulatorRead)
  @ApiOperation({
    summary: 'Run total-volume verification (总量核查) of a period: SAFE',
    description:
      'Per enterprise: exports declared vs receipts, imports declared vs payments, in US$. Deviations beyond the ' +
      'configured threshold are published on `forex.external.verification-anomaly.reported.v1` (stable anomaly id); ' +
      'a finding that no longer holds is withdrawn. Running a period again publishes only changes.',
  })
  @ApiParam({ name: 'period', example: '2026-11', description: 'YYYY-MM or YYYY (China time)' })
  @ApiOkResponse({ type: VerificationReportResponse })
  verify(@CurrentPrincipal() principal: Principal, @Param('period') period: string): Promise<unknown> {
    checkPeriod(period);
    return this.forex.call(principal, 'POST', `/internal/verifications/${period}`);
  }

  @Get('forex/verification-anomalies')
  @Authenticated(Scopes.RegulatorRead, Scopes.DocumentsRead, Scopes.RegistryRead)
  @ApiOperation({ summary: 'Total-volume verification findings: SAFE all, an enterprise its own' })
  @ApiQuery({ name: 'period', required: false, example: '2026-11' })
  @ApiOkResponse({ type: AnomalyListResponse })
  anomalies(@CurrentPrincipal() principal: Principal, @Query('period') period?: string): Promise<unknown> {
    if (period !== undefined) checkPeriod(period);
    return this.forex.call(
      principal,
      'GET',
      `/internal/verification-anomalies${period ? `?period=${period}` : ''}`,
    );
  }

  @Put('forex/personal-accounts/:customsCode')
  @Authenticated(Scopes.ForexBank)
  @ApiOperation({
    summary:
      'Open a personal FX settlement account (个人外汇结算账户) for an individual seller who named the bank',
  })
  @ApiParam({
    name: 'customsCode',
    description:
      'Customs code of an individual seller (the example: the demo individual seller of `npm start`)',
    example: INDIVIDUAL,
  })
  @ApiBody({
    type: PersonalAccountDto,
    examples: { account: { value: { accountNo: '6217000010001234567' } } },
  })
  @ApiOkResponse({ type: PersonalLedgerResponse })
  async openAccount(
    @CurrentPrincipal() principal: Principal,
    @Param('customsCode') customsCode: string,
    @Body() body: PersonalAccountDto,
  ): Promise<unknown> {
    checkCode(customsCode);
    return this.forex.call(principal, 'PUT', `/internal/personal-accounts/${customsCode}`, {
      ...body,
      ...(await this.bankScope(principal)),
    });
  }

  @Get('forex/personal-accounts/:customsCode')
  @Authenticated(Scopes.ForexBank, Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({
    summary:
      "An individual seller's personal FX account ledger: e-commerce settlements this year, apart from the US$50,000 personal quota",
    description:
      'The e-commerce settlements on the personal FX settlement account (US$, China-time year) are not counted against ' +
      'the US$50,000 personal annual quota, which is shown for reference; the use of that quota (the person’s other ' +
      '结售汇, registered by banks) is not known to the platform and is not shown.',
  })
  @ApiParam({
    name: 'customsCode',
    description:
      'Customs code of an individual seller (the example: the demo individual seller of `npm start`)',
    example: INDIVIDUAL,
  })
  @ApiOkResponse({ type: PersonalLedgerResponse })
  async ledger(
    @CurrentPrincipal() principal: Principal,
    @Param('customsCode') customsCode: string,
  ): Promise<unknown> {
    checkCode(customsCode);
    return this.forex.call(principal, 'POST', `/internal/personal-accounts/${customsCode}/ledger`, {
      ...(await this.bankScope(principal)),
    });
  }

  /** A bank's customers travel with its calls, so forex filters by the relation the gateway keeps. */
  private async bankScope(principal: Principal): Promise<{ customers?: string[] }> {
    if (principal.kind !== 'bank' || !principal.bankCode) return {};
    return { customers: await this.customers.customersOf(principal.bankCode) };
  }
}

function ownEnterprise(principal: Principal): string {
  if (principal.kind !== 'enterprise' || !principal.enterpriseCode)
    throw new ForbiddenException('only an enterprise names its banks');
  return principal.enterpriseCode;
}

function checkDate(date: string): void {
  if (!DATE.test(date))
    throw new FieldValidationException([{ path: 'date', rule: 'date', message: 'date must be YYYY-MM-DD' }]);
}

function checkPeriod(period: string): void {
  if (!PERIOD.test(period))
    throw new FieldValidationException([
      { path: 'period', rule: 'period', message: 'period must be YYYY or YYYY-MM' },
    ]);
}

function checkCode(code: string): void {
  if (!CODE.test(code))
    throw new FieldValidationException([
      { path: 'customsCode', rule: 'matches', message: 'customsCode must be a customs or credit code' },
    ]);
}
