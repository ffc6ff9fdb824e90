import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { DEMO_BUYER, ISO_DATE, maskPersonValue } from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { TaxClient } from './tax-client';
import { PersonTokeniser } from '../personal-data/person-tokeniser';

const AMOUNT = /^(0|[1-9]\d{0,13})(\.\d{1,2})?$/;
const CODE = /^[0-9A-Z]{10}$|^[0-9A-HJ-NPQRTUWXY]{18}$/;

export class GuaranteeAccountDto {
  @ApiProperty({ enum: ['deposit', 'bank-guarantee', 'guarantee-insurance'], example: 'deposit' })
  @IsIn(['deposit', 'bank-guarantee', 'guarantee-insurance'])
  kind!: string;

  @ApiProperty({ description: 'Guaranteed amount, RMB', example: '50000.00' })
  @Matches(AMOUNT)
  amount!: string;

  @ApiPropertyOptional({
    description: 'Deposit receipt, guarantee letter or policy number',
    example: 'BG-2026-000123',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;
}

export class TopUpDto {
  @ApiProperty({ example: '10000.00' })
  @Matches(AMOUNT)
  amount!: string;
}

export class PaymentSummaryDto {
  @ApiProperty({ description: 'Guarantor (代收代缴义务人) customs code', example: '3301960001' })
  @Matches(CODE)
  assureCode!: string;

  @ApiProperty({ example: '2026-11-01', description: 'First day of the period (YYYY-MM-DD, China time)' })
  @Matches(ISO_DATE, { message: 'periodFrom must be a real date YYYY-MM-DD' })
  periodFrom!: string;

  @ApiProperty({ example: '2026-11-15', description: 'Last day of the period (YYYY-MM-DD, China time)' })
  @Matches(ISO_DATE, { message: 'periodTo must be a real date YYYY-MM-DD' })
  periodTo!: string;
}

export class PaymentDto {
  @ApiPropertyOptional({ description: '缴款书编号', example: '2026113000000001' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entDutyNo?: string;
}

export class QuotaQueryDto {
  @ApiProperty({
    description: "The buyer's ID number (personal data; sent in the body, never in the URL)",
    example: DEMO_BUYER.idNumber,
  })
  @IsString()
  @MaxLength(60)
  buyerIdNumber!: string;

  @ApiPropertyOptional({ example: '2026' })
  @IsOptional()
  @Matches(/^\d{4}$/)
  year?: string;
}

const READERS = [Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead] as const;
const MANAGERS = [Scopes.RegistryWrite, Scopes.RegulatorRead] as const;

/**
 * Tax records through the single access point: enterprises read their own tax bills and guarantee account,
 * the tax (and customs) regulator and operators all of them; operators and the tax regulator manage guarantee
 * accounts and consolidated payments; a buyer's quota needs the personal-data scope.
 */
@ApiTags('tax')
@Controller({ path: 'tax', version: '1' })
export class TaxQueriesController {
  constructor(
    private readonly tax: TaxClient,
    private readonly tokeniser: PersonTokeniser,
  ) {}

  @Get('bills')
  @Authenticated(...READERS)
  @ApiOperation({ summary: 'List tax bills (CEB816): own bills for enterprises, all for the tax regulator' })
  @ApiQuery({ name: 'assureCode', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['1', '2', '3'] })
  @ApiQuery({ name: 'listIdentity', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiOkResponse({ description: '{ items: TaxBill[] }' })
  bills(
    @CurrentPrincipal() principal: Principal,
    @Query('assureCode') assureCode?: string,
    @Query('status') status?: string,
    @Query('listIdentity') listIdentity?: string,
    @Query('limit') limit?: string,
  ): Promise<unknown> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ assureCode, status, listIdentity, limit })) if (v) query.set(k, v);
    return this.tax.call(principal, 'GET', `/internal/tax-bills?${query.toString()}`);
  }

  @Get('bills/:taxNo')
  @Authenticated(...READERS)
  @ApiOperation({ summary: 'One tax bill with its status history (CEB818)' })
  bill(@CurrentPrincipal() principal: Principal, @Param('taxNo') taxNo: string): Promise<unknown> {
    return this.tax.call(principal, 'GET', `/internal/tax-bills/${encodeURIComponent(taxNo)}`);
  }

  @Get('guarantee-accounts/:assureCode')
  @Authenticated(...READERS)
  @ApiOperation({ summary: "A guarantor's account: amount, reserved, outstanding bills, available balance" })
  account(
    @CurrentPrincipal() principal: Principal,
    @Param('assureCode') assureCode: string,
  ): Promise<unknown> {
    return this.tax.call(principal, 'GET', `/internal/guarantee-accounts/${encodeURIComponent(assureCode)}`);
  }

  @Put('guarantee-accounts/:assureCode')
  @Authenticated(...MANAGERS)
  @ApiOperation({
    summary: 'Record a guarantee account (deposit, bank guarantee, guarantee insurance) and its amount',
    description:
      'Operators and the tax regulator. Requests held for an insufficient guarantee are re-assessed.',
  })
  putAccount(
    @CurrentPrincipal() principal: Principal,
    @Param('assureCode') assureCode: string,
    @Body() body: GuaranteeAccountDto,
  ): Promise<unknown> {
    return this.tax.call(
      principal,
      'PUT',
      `/internal/guarantee-accounts/${encodeURIComponent(assureCode)}`,
      body,
    );
  }

  @Post('guarantee-accounts/:assureCode/top-ups')
  @HttpCode(200)
  @Authenticated(...MANAGERS)
  @ApiOperation({ summary: 'Top up a guarantee account; held requests are re-assessed' })
  topUp(
    @CurrentPrincipal() principal: Principal,
    @Param('assureCode') assureCode: string,
    @Body() body: TopUpDto,
  ): Promise<unknown> {
    return this.tax.call(
      principal,
      'POST',
      `/internal/guarantee-accounts/${encodeURIComponent(assureCode)}/top-ups`,
      body,
    );
  }

  @Post('payment-summaries')
  @Authenticated(...MANAGERS)
  @ApiOperation({ summary: "Summarise a guarantor's generated bills of a period for payment (status 2)" })
  summarise(@CurrentPrincipal() principal: Principal, @Body() body: PaymentSummaryDto): Promise<unknown> {
    return this.tax.call(principal, 'POST', '/internal/payment-summaries', body);
  }

  @Get('payment-summaries/:id')
  @Authenticated(...READERS)
  @ApiOperation({ summary: 'One payment summary with its bills' })
  summary(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new UuidParamPipe()) id: string,
  ): Promise<unknown> {
    return this.tax.call(principal, 'GET', `/internal/payment-summaries/${encodeURIComponent(id)}`);
  }

  @Post('payment-summaries/:id/payment')
  @HttpCode(200)
  @Authenticated(...MANAGERS)
  @ApiOperation({
    summary: 'Record the consolidated payment of a summary: bills paid, guarantee balance restored',
  })
  pay(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: PaymentDto,
  ): Promise<unknown> {
    return this.tax.call(
      principal,
      'POST',
      `/internal/payment-summaries/${encodeURIComponent(id)}/payment`,
      body,
    );
  }

  @Post('buyer-quotas/query')
  @HttpCode(200)
  @Authenticated(Scopes.PersonalData)
  @ApiOperation({
    summary: "A buyer's annual quota use (26000 RMB a calendar year): personal data",
    description:
      'Needs personal-data:read. The ID number travels in the body so it never appears in URLs or logs.',
  })
  quota(@CurrentPrincipal() principal: Principal, @Body() body: QuotaQueryDto): Promise<unknown> {
    // Tax keys the quota by the buyer's person token and never sees the ID number (docs/personal-data.md).
    return this.tax.call(principal, 'POST', '/internal/buyer-quotas/query', {
      buyerToken: this.tokeniser.tokenList('idNumber', body.buyerIdNumber),
      buyerIdNumberMasked: maskPersonValue('idNumber', body.buyerIdNumber),
      ...(body.year !== undefined ? { year: body.year } : {}),
    });
  }
}
