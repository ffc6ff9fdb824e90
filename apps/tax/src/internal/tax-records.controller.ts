import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DataSource } from 'typeorm';

import {
  currentToken,
  dec,
  Decimal,
  ENTERPRISE_CODE,
  money,
  PERSON_TOKENS,
  TAX_BILL_STATUSES,
} from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import { AssessmentService } from '../assessment/assessment.service';
import { buyerKeyOf, moveQuota } from '../assessment/buyer';
import { ANNUAL_LIMIT } from '../assessment/calculate';
import { GuaranteeService, Summary } from '../guarantee/guarantee.service';
import { GUARANTEE_KINDS, GuaranteeBalance, GuaranteeKind } from '../guarantee/guarantee-balances';
import { TaxBillRow } from '../bills/tax-bills.service';
import { assertManager, Caller, CurrentCaller, InternalCallGuard, readScope } from './internal-call.guard';

const POSITIVE_AMOUNT = /^(0|[1-9]\d{0,13})(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class GuaranteeAccountBody {
  @IsIn(GUARANTEE_KINDS)
  kind!: GuaranteeKind;

  /** The guaranteed amount (RMB, up to 2 decimals) as a decimal string. */
  @Matches(POSITIVE_AMOUNT)
  amount!: string;

  /** Deposit receipt, bank guarantee letter (保函) or insurance policy number. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;
}

export class TopUpBody {
  @Matches(POSITIVE_AMOUNT)
  amount!: string;
}

export class SummaryBody {
  @Matches(ENTERPRISE_CODE)
  assureCode!: string;

  @Matches(DATE)
  periodFrom!: string;

  @Matches(DATE)
  periodTo!: string;
}

export class PaymentBody {
  /** 缴款书编号 of the consolidated payment. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entDutyNo?: string;
}

export class QuotaQueryBody {
  /** The buyer's person token list (the gateway tokenises the ID number; tax never sees it). */
  @Matches(PERSON_TOKENS)
  buyerToken!: string;

  /** The masked ID number, to show with the answer. */
  @IsString()
  @MaxLength(30)
  buyerIdNumberMasked!: string;

  @IsOptional()
  @Matches(/^\d{4}$/)
  year?: string;
}

/** One legacy quota key (SHA-256 of the ID number) and the buyer's person token list (gateway's mapping). */
export class LegacyKeyMapping {
  @Matches(/^[0-9a-f]{64}$/)
  legacyKey!: string;

  @Matches(PERSON_TOKENS)
  token!: string;
}

export class LegacyKeyMappingsBody {
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => LegacyKeyMapping)
  mappings!: LegacyKeyMapping[];
}

export interface TaxBillView {
  taxNo: string;
  listIdentity: string;
  listMessageId: string;
  assessmentRequestId: string;
  assureCode: string;
  ebcCode: string;
  ebpCode: string;
  agentCode: string;
  customsTax: string;
  valueAddedTax: string;
  consumptionTax: string;
  taxTotal: string;
  status: string;
  paid: boolean;
  summaryId?: string;
  issuedAt: string;
  lines: TaxBillRow['lines'];
  history?: {
    status: string;
    previousStatus: string | null;
    paid: boolean;
    note: string;
    changedAt: string;
  }[];
}

const viewOf = (b: TaxBillRow): TaxBillView => ({
  taxNo: b.tax_no,
  listIdentity: b.list_identity,
  listMessageId: b.list_message_id,
  assessmentRequestId: b.request_id,
  assureCode: b.assure_code,
  ebcCode: b.ebc_code,
  ebpCode: b.ebp_code,
  agentCode: b.agent_code,
  customsTax: money(b.customs_tax),
  valueAddedTax: money(b.value_added_tax),
  consumptionTax: money(b.consumption_tax),
  taxTotal: money(b.tax_total),
  status: b.status,
  paid: b.paid_at !== null,
  ...(b.summary_id ? { summaryId: b.summary_id } : {}),
  issuedAt: new Date(b.issued_at).toISOString(),
  lines: b.lines,
});

/**
 * The tax app's internal API, called by the gateway (the single access point) with the internal token and
 * the caller's identity: tax bills, guarantee accounts, consolidated payments and buyers' quotas.
 */
@Controller('internal')
@UseGuards(InternalCallGuard)
export class TaxRecordsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly guarantees: GuaranteeService,
    private readonly assessments: AssessmentService,
  ) {}

  @Get('tax-bills')
  async bills(
    @CurrentCaller() caller: Caller,
    @Query('assureCode') assureCode?: string,
    @Query('status') status?: string,
    @Query('listIdentity') listIdentity?: string,
    @Query('limit') limitText?: string,
  ): Promise<{ items: TaxBillView[] }> {
    const scope = readScope(caller);
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new BadRequestException('limit must be 1..500');
    // A status no bill can have is a mistake, not an empty list (found by the fuzz suite).
    if (status !== undefined && !(TAX_BILL_STATUSES as readonly string[]).includes(status)) {
      throw new FieldValidationException([
        { path: 'status', rule: 'isIn', message: `status must be one of ${TAX_BILL_STATUSES.join(', ')}` },
      ]);
    }
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (!scope.all) {
      const code = p(scope.enterpriseCode);
      where.push(
        `(assure_code = ${code} OR ebc_code = ${code} OR ebp_code = ${code} OR agent_code = ${code})`,
      );
    }
    if (assureCode) where.push(`assure_code = ${p(assureCode)}`);
    if (status) where.push(`status = ${p(status)}`);
    if (listIdentity) where.push(`list_identity = ${p(listIdentity)}`);
    const rows: TaxBillRow[] = await this.dataSource.query(
      `SELECT * FROM "tax"."tax_bill" WHERE ${where.length ? where.join(' AND ') : 'true'}
        ORDER BY issued_at, tax_no LIMIT ${p(limit)}`,
      params,
    );
    return { items: rows.map(viewOf) };
  }

  @Get('tax-bills/:taxNo')
  async bill(@CurrentCaller() caller: Caller, @Param('taxNo') taxNo: string): Promise<TaxBillView> {
    const scope = readScope(caller);
    const [row]: TaxBillRow[] = await this.dataSource.query(
      `SELECT * FROM "tax"."tax_bill" WHERE tax_no = $1`,
      [taxNo],
    );
    const mine = (b: TaxBillRow, code: string) =>
      [b.assure_code, b.ebc_code, b.ebp_code, b.agent_code].includes(code);
    if (!row || (!scope.all && !mine(row, scope.enterpriseCode)))
      throw new NotFoundException(`No tax bill ${taxNo} for this client`);
    const history: {
      status: string;
      previous_status: string | null;
      paid: boolean;
      note: string;
      changed_at: Date;
    }[] = await this.dataSource.query(
      `SELECT status, previous_status, paid, note, changed_at FROM "tax"."tax_bill_status" WHERE tax_no = $1 ORDER BY id`,
      [taxNo],
    );
    return {
      ...viewOf(row),
      history: history.map((h) => ({
        status: h.status,
        previousStatus: h.previous_status,
        paid: h.paid,
        note: h.note,
        changedAt: new Date(h.changed_at).toISOString(),
      })),
    };
  }

  @Get('guarantee-accounts/:assureCode')
  async account(
    @CurrentCaller() caller: Caller,
    @Param('assureCode') assureCode: string,
  ): Promise<GuaranteeBalance> {
    const scope = readScope(caller);
    const balance =
      scope.all || scope.enterpriseCode === assureCode ? await this.guarantees.read(assureCode) : undefined;
    if (!balance) throw new NotFoundException(`No guarantee account ${assureCode} for this client`);
    return balance;
  }

  @Put('guarantee-accounts/:assureCode')
  async putAccount(
    @CurrentCaller() caller: Caller,
    @Param('assureCode') assureCode: string,
    @Body() body: GuaranteeAccountBody,
  ): Promise<GuaranteeBalance> {
    assertManager(caller);
    if (!ENTERPRISE_CODE.test(assureCode))
      throw new BadRequestException('assureCode is not an enterprise code');
    await this.guarantees.put(assureCode, body.kind, body.amount, body.reference);
    await this.assessments.resumeHeld(assureCode);
    return (await this.guarantees.read(assureCode))!;
  }

  @Post('guarantee-accounts/:assureCode/top-ups')
  @HttpCode(200)
  async topUp(
    @CurrentCaller() caller: Caller,
    @Param('assureCode') assureCode: string,
    @Body() body: TopUpBody,
  ): Promise<GuaranteeBalance> {
    assertManager(caller);
    if (!(await this.guarantees.topUp(assureCode, body.amount)))
      throw new NotFoundException(`No guarantee account ${assureCode}`);
    await this.assessments.resumeHeld(assureCode);
    return (await this.guarantees.read(assureCode))!;
  }

  @Post('payment-summaries')
  @HttpCode(201)
  async summarise(@CurrentCaller() caller: Caller, @Body() body: SummaryBody): Promise<Summary> {
    assertManager(caller);
    if (body.periodTo < body.periodFrom) throw new BadRequestException('periodTo is before periodFrom');
    const summary = await this.guarantees.summarise(
      body.assureCode,
      body.periodFrom,
      body.periodTo,
      caller.clientId,
    );
    if (!summary) throw new BadRequestException('no generated bills of this guarantor in the period');
    return summary;
  }

  @Get('payment-summaries/:id')
  async summary(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<Summary> {
    const scope = readScope(caller);
    const summary = /^[0-9a-f-]{36}$/i.test(id) ? await this.guarantees.summary(id) : undefined;
    if (!summary || (!scope.all && summary.assureCode !== scope.enterpriseCode))
      throw new NotFoundException(`No payment summary ${id} for this client`);
    return summary;
  }

  @Post('payment-summaries/:id/payment')
  @HttpCode(200)
  async pay(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: PaymentBody,
  ): Promise<Summary> {
    assertManager(caller);
    const summary = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.guarantees.pay(id, body.entDutyNo, caller.clientId)
      : undefined;
    if (!summary) throw new NotFoundException(`No unpaid payment summary ${id}`);
    await this.assessments.resumeHeld(summary.assureCode);
    return summary;
  }

  @Post('buyer-quotas/query')
  @HttpCode(200)
  async quota(
    @CurrentCaller() caller: Caller,
    @Body() body: QuotaQueryBody,
  ): Promise<{
    buyer: string;
    year: number;
    used: string;
    reserved: string;
    limit: string;
    available: string;
  }> {
    if (!caller.scopes.includes('personal-data:read'))
      throw new ForbiddenException('a buyer quota is personal data: the personal-data:read scope is needed');
    const year = Number(body.year ?? new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());
    const [row]: { used: string; reserved: string }[] = await this.dataSource.transaction(async (manager) =>
      manager.query(
        `SELECT used::text, reserved::text FROM "tax"."buyer_quota" WHERE buyer_key = $1 AND year = $2`,
        [await buyerKeyOf(manager, body.buyerToken), year],
      ),
    );
    const used = money(row?.used ?? '0');
    const reserved = money(row?.reserved ?? '0');
    return {
      buyer: body.buyerIdNumberMasked,
      year,
      used,
      reserved,
      limit: money(ANNUAL_LIMIT),
      available: money(Decimal.max(0, dec(ANNUAL_LIMIT).minus(used).minus(reserved))),
    };
  }

  /**
   * The one-off move of the quota from its legacy key (a bare SHA-256 of the ID number) to the buyer's person
   * token: the gateway, which holds the clear ID numbers in its message log, sends the pairs
   * (docs/personal-data.md). Amounts of a year both keys hold are added up; idempotent.
   */
  @Post('buyer-quotas/legacy-keys')
  @HttpCode(200)
  async migrateLegacyKeys(
    @CurrentCaller() caller: Caller,
    @Body() body: LegacyKeyMappingsBody,
  ): Promise<{ mappings: number; rowsMoved: number }> {
    if (caller.kind !== 'operator' || !caller.scopes.includes('registry:write'))
      throw new ForbiddenException('only operators move the quota keys');
    let rowsMoved = 0;
    await this.dataSource.transaction(async (manager) => {
      for (const m of body.mappings) {
        rowsMoved += await moveQuota(manager, m.legacyKey, currentToken(m.token));
      }
    });
    return { mappings: body.mappings.length, rowsMoved };
  }
}
