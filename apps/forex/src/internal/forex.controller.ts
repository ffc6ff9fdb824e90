import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, Matches, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';

import {
  AdvancedFeeDto,
  AdvancedFeeQueryDto,
  dec,
  ENTERPRISE_CODE,
  ExchangeRatesDto,
  FeeDeclarationDto,
  money,
  SettlementRequestDto,
  TransactionQueryDto,
} from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import { Directory } from '../directory/directory';
import { checkRates, ExchangeRates } from '../rates/exchange-rates';
import { chinaYear } from '../rates/china-time';
import { AdvancedFeeQueries } from '../settlements/advanced-fee-queries';
import { SettleTransactions } from '../settlements/settle.usecase';
import { TransactionQueries } from '../transactions/transaction-queries';
import { TotalVolumeVerification } from '../verification/verification.service';
import {
  assertBank,
  assertEnterprise,
  type Caller,
  CurrentCaller,
  InternalCallGuard,
  isSafe,
  readScope,
} from './internal-call.guard';

/** The customers of the calling bank, as the gateway resolved them (banks only). */
class Customers {
  @IsOptional()
  @IsArray()
  @Matches(ENTERPRISE_CODE, { each: true })
  customers?: string[];
}

class TransactionQueryCall extends Customers {
  @ValidateNested()
  @Type(() => TransactionQueryDto)
  query!: TransactionQueryDto;
}

class AdvancedFeeQueryCall extends Customers {
  @ValidateNested()
  @Type(() => AdvancedFeeQueryDto)
  query!: AdvancedFeeQueryDto;
}

class PersonalAccountCall extends Customers {
  @Matches(/^[0-9A-Z]{8,34}$/)
  accountNo!: string;
}

class SettlementCall extends Customers {
  @ValidateNested()
  @Type(() => SettlementRequestDto)
  settlement!: SettlementRequestDto;
}

const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const PERSONAL_QUOTA_USD = '50000.00';

/** Forex's internal API: the gateway proxies `/v1/forex/...` here with the caller's identity. */
@ApiExcludeController()
@Controller('internal')
@UseGuards(InternalCallGuard)
export class ForexController {
  constructor(
    private readonly queries: TransactionQueries,
    private readonly settlements: SettleTransactions,
    private readonly advances: AdvancedFeeQueries,
    private readonly rates: ExchangeRates,
    private readonly directory: Directory,
    private readonly verification: TotalVolumeVerification,
    private readonly dataSource: DataSource,
  ) {}

  @Post('transactions/query')
  @HttpCode(200)
  transactions(@CurrentCaller() caller: Caller, @Body() call: TransactionQueryCall) {
    return this.queries.page(readScope(caller, call.customers), call.query);
  }

  @Post('settlements')
  @HttpCode(200)
  settle(@CurrentCaller() caller: Caller, @Body() call: SettlementCall) {
    return this.settlements.settle(assertBank(caller), call.customers ?? [], call.settlement);
  }

  @Post('fee-declarations')
  @HttpCode(200)
  fee(@CurrentCaller() caller: Caller, @Body() body: FeeDeclarationDto) {
    return this.settlements.declareFee(assertEnterprise(caller), body);
  }

  @Post('advanced-fees')
  @HttpCode(200)
  advance(@CurrentCaller() caller: Caller, @Body() body: AdvancedFeeDto) {
    return this.settlements.advanceFee(assertEnterprise(caller), body);
  }

  @Post('advanced-fees/query')
  @HttpCode(200)
  advancedFees(@CurrentCaller() caller: Caller, @Body() call: AdvancedFeeQueryCall) {
    return this.advances.page(readScope(caller, call.customers), call.query);
  }

  @Put('exchange-rates/:date')
  async loadRates(
    @CurrentCaller() caller: Caller,
    @Param('date') date: string,
    @Body() body: ExchangeRatesDto,
  ) {
    if (!(caller.kind === 'operator' && caller.scopes.includes('registry:write')))
      throw new ForbiddenException('only operators load exchange rates');
    if (!DATE.test(date))
      throw new FieldValidationException([
        { path: 'date', rule: 'date', message: 'date must be YYYY-MM-DD' },
      ]);
    try {
      checkRates(date, body.rates, 'rates');
    } catch (e) {
      throw new FieldValidationException([{ path: 'rates', rule: 'rates', message: (e as Error).message }]);
    }
    return this.rates.load(date, body.rates);
  }

  @Get('exchange-rates/:date')
  async ratesOn(@Param('date') date: string) {
    if (!DATE.test(date))
      throw new FieldValidationException([
        { path: 'date', rule: 'date', message: 'date must be YYYY-MM-DD' },
      ]);
    const table = await this.rates.ratesOn(this.dataSource.manager, date);
    return {
      date: table.date,
      version: table.version,
      rates: [...table.rates.entries()].map(([currency, usdPerUnit]) => ({
        currency,
        usdPerUnit: dec(usdPerUnit).toString(),
      })),
    };
  }

  @Get('directory')
  directoryYears(
    @CurrentCaller() caller: Caller,
    @Query('enterpriseCode') enterpriseCode?: string,
    @Query('year') year?: string,
  ) {
    const errors = [
      ...(enterpriseCode !== undefined && !ENTERPRISE_CODE.test(enterpriseCode)
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
    if (isSafe(caller))
      return this.directory.years(this.dataSource.manager, enterpriseCode, year).then((items) => ({ items }));
    if (caller.kind === 'enterprise' && caller.enterpriseCode)
      return this.directory
        .years(this.dataSource.manager, caller.enterpriseCode, year)
        .then((items) => ({ items }));
    throw new ForbiddenException('the 名录 figures are for SAFE and the enterprise itself');
  }

  @Post('verifications/:period')
  @HttpCode(200)
  verify(@CurrentCaller() caller: Caller, @Param('period') period: string) {
    if (!isSafe(caller)) throw new ForbiddenException('total-volume verification is run by SAFE');
    if (!PERIOD.test(period))
      throw new FieldValidationException([
        { path: 'period', rule: 'period', message: 'period must be YYYY or YYYY-MM' },
      ]);
    return this.verification.run(period);
  }

  @Get('verification-anomalies')
  async anomalies(@CurrentCaller() caller: Caller, @Query('period') period?: string) {
    if (period !== undefined && !PERIOD.test(period))
      throw new FieldValidationException([
        { path: 'period', rule: 'period', message: 'period must be YYYY or YYYY-MM' },
      ]);
    const own = isSafe(caller)
      ? null
      : caller.kind === 'enterprise'
        ? (caller.enterpriseCode ?? null)
        : undefined;
    if (own === undefined)
      throw new ForbiddenException('verification findings are for SAFE and the enterprise itself');
    const rows: Record<string, string>[] = await this.dataSource.query(
      `SELECT anomaly_id, enterprise_code, period, kind, status, declared_usd::text, settled_usd::text, reason, updated_at
         FROM "forex"."verification_anomaly"
        WHERE ($1::text IS NULL OR period = $1) AND ($2::text IS NULL OR enterprise_code = $2)
        ORDER BY period DESC, anomaly_id LIMIT 500`,
      [period ?? null, own],
    );
    return {
      items: rows.map((r) => ({
        anomalyId: r.anomaly_id,
        enterpriseCode: r.enterprise_code,
        period: r.period,
        kind: r.kind,
        status: r.status,
        declaredUsd: money(r.declared_usd),
        settledUsd: money(r.settled_usd),
        reason: r.reason,
        updatedAt: new Date(r.updated_at).toISOString(),
      })),
    };
  }

  @Put('personal-accounts/:customsCode')
  async openAccount(
    @CurrentCaller() caller: Caller,
    @Param('customsCode') customsCode: string,
    @Body() body: PersonalAccountCall,
  ) {
    const bankCode = assertBank(caller);
    if (!(body.customers ?? []).includes(customsCode))
      throw new ForbiddenException(`${customsCode} has not named this bank`);
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE "forex"."individual_seller" SET account_no = $2, bank_code = $3, opened_at = COALESCE(opened_at, now())
        WHERE customs_code = $1 RETURNING 1`,
      [customsCode, body.accountNo, bankCode],
    );
    if (rows.length === 0)
      throw new FieldValidationException([
        {
          path: 'customsCode',
          rule: 'registeredIndividual',
          message: `${customsCode} is not an individual seller registered on the platform`,
        },
      ]);
    return this.ledger(customsCode);
  }

  @Post('personal-accounts/:customsCode/ledger')
  @HttpCode(200)
  async personalLedger(
    @CurrentCaller() caller: Caller,
    @Param('customsCode') customsCode: string,
    @Body() body: Customers,
  ) {
    const scope = readScope(caller, body.customers);
    if (!scope.all && !scope.enterpriseCodes.includes(customsCode))
      throw new ForbiddenException('this caller may not read that ledger');
    return this.ledger(customsCode);
  }

  /**
   * A personal FX settlement account's ledger for the current year: e-commerce settlements on the account, and the
   * US$50,000 personal annual quota (个人年度结售汇额度), which e-commerce settlements do not use. How much of the
   * quota the person used is not shown: that is their non-e-commerce 结售汇 at banks (SAFE's personal FX system), which
   * the platform never sees; a zero here would be made up.
   */
  private async ledger(customsCode: string) {
    const year = chinaYear(new Date());
    const [seller]: { account_no: string | null; bank_code: string | null; opened_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT account_no, bank_code, opened_at FROM "forex"."individual_seller" WHERE customs_code = $1`,
        [customsCode],
      );
    if (!seller)
      throw new FieldValidationException([
        {
          path: 'customsCode',
          rule: 'registeredIndividual',
          message: `${customsCode} is not an individual seller registered on the platform`,
        },
      ]);
    const [totals]: { usd: string }[] = await this.dataSource.query(
      `SELECT COALESCE(sum(a.usd_amount), 0)::text AS usd FROM "forex"."settlement_allocation" a
         JOIN "forex"."settlement" s USING (settlement_id)
        WHERE a.enterprise_code = $1 AND s.kind IN ('receipt', 'payment')
          AND to_char(s.settled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') = $2`,
      [customsCode, year],
    );
    return {
      customsCode,
      accountNo: seller.account_no,
      bankCode: seller.bank_code,
      openedAt: seller.opened_at ? new Date(seller.opened_at).toISOString() : null,
      year,
      ecommerceSettledUsd: money(totals.usd),
      personalQuotaUsd: PERSONAL_QUOTA_USD,
      note: '跨境电子商务项下结算不占用个人年度等值5万美元便利化额度；额度使用情况由银行在个人外汇业务系统中登记，平台不掌握',
    };
  }
}
