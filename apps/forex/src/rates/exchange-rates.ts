import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { Injectable, Logger, OnApplicationBootstrap, UnprocessableEntityException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { dec, type ExchangeRateEntry, ForexExchangeRatesPublished, money, Topics } from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { chinaDate } from './china-time';
import { ISO_CURRENCIES } from './currency-codes';

interface RateFile {
  date: string;
  rates: ExchangeRateEntry[];
}

/** `apps/forex/data/rates`, from the compiled or the source tree (and in the Docker image). */
function findRatesDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'forex', 'data', 'rates');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('apps/forex/data/rates not found');
  }
}

export function checkRates(date: string, rates: ExchangeRateEntry[], where: string): void {
  const seen = new Set<string>();
  for (const r of rates) {
    if (!ISO_CURRENCIES.includes(r.currency)) throw new Error(`${where}: unknown currency ${r.currency}`);
    if (seen.has(r.currency)) throw new Error(`${where}: ${r.currency} twice`);
    if (!/^(0|[1-9]\d{0,9})(\.\d{1,10})?$/.test(r.usdPerUnit) || dec(r.usdPerUnit).lte(0))
      throw new Error(`${where}: bad rate ${r.usdPerUnit} for ${r.currency}`);
    seen.add(r.currency);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`${where}: bad date ${date}`);
}

/**
 * The versioned exchange-rate table forex owns: US$ per unit by ISO currency and day. The data files are loaded
 * at start (version 1 of their day, once whatever the number of instances); an operator loads a day's rates,
 * each load a new version; every version is published. A conversion uses the latest version of the latest day
 * on or before the settlement's China-time date.
 */
@Injectable()
export class ExchangeRates implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExchangeRates.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const dir = findRatesDir();
    for (const f of readdirSync(dir).filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n))) {
      const file = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RateFile;
      checkRates(file.date, file.rates, f);
      if (`${file.date}.json` !== f) throw new Error(`rates ${f}: date differs`);
      await this.dataSource.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('forex.exchange_rate'))`);
        const [{ n }]: { n: number }[] = await m.query(
          `SELECT count(*)::int AS n FROM "forex"."exchange_rate" WHERE rate_date = $1`,
          [file.date],
        );
        if (n === 0) await this.insert(m, file.date, 1, file.rates, false);
      });
    }
    this.logger.log('exchange rates loaded');
  }

  /** An operator's load of a day's rates: a new version of that day. */
  async load(date: string, rates: ExchangeRateEntry[]): Promise<ForexExchangeRatesPublished> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('forex.exchange_rate'))`);
      const [{ v }]: { v: number }[] = await m.query(
        `SELECT COALESCE(max(version), 0)::int AS v FROM "forex"."exchange_rate" WHERE rate_date = $1`,
        [date],
      );
      return this.insert(m, date, v + 1, rates, true);
    });
  }

  private async insert(
    m: EntityManager,
    date: string,
    version: number,
    rates: ExchangeRateEntry[],
    loadedByOperator: boolean,
  ): Promise<ForexExchangeRatesPublished> {
    for (const r of rates) {
      await m.query(
        `INSERT INTO "forex"."exchange_rate" (rate_date, version, currency, usd_per_unit, loaded_by_operator)
         VALUES ($1, $2, $3, $4, $5)`,
        [date, version, r.currency, r.usdPerUnit, loadedByOperator],
      );
    }
    const event: ForexExchangeRatesPublished = { date, version, rates, loadedByOperator };
    await this.publisher.publish(m, Topics.ForexExchangeRatesPublished, event, {
      correlationId: `forex-rates-${date}-${version}`,
    });
    return event;
  }

  /** The rates of a day as they apply (latest day on or before it, its latest version). */
  async ratesOn(
    m: EntityManager,
    date: string,
  ): Promise<{ date: string; version: number; rates: Map<string, string> }> {
    const rows: { rate_date: string; version: number; currency: string; usd_per_unit: string }[] =
      await m.query(
        `SELECT to_char(rate_date, 'YYYY-MM-DD') AS rate_date, version, currency, usd_per_unit::text
         FROM "forex"."exchange_rate"
        WHERE (rate_date, version) = (SELECT rate_date, max(version) FROM "forex"."exchange_rate"
                                       WHERE rate_date = (SELECT max(rate_date) FROM "forex"."exchange_rate" WHERE rate_date <= $1)
                                       GROUP BY rate_date)`,
        [date],
      );
    if (rows.length === 0) throw new UnprocessableEntityException(`No exchange rates on or before ${date}`);
    return {
      date: rows[0].rate_date,
      version: rows[0].version,
      rates: new Map(rows.map((r) => [r.currency, r.usd_per_unit])),
    };
  }

  /** A converter to US$ at an instant (China-time day): one query, then any number of amounts. */
  async converterAt(
    m: EntityManager,
    currency: string,
    at: Date,
  ): Promise<{ usd: (amount: string) => string; date: string; version: number }> {
    const table = await this.ratesOn(m, chinaDate(at));
    const rate = table.rates.get(currency);
    if (!rate)
      throw new UnprocessableEntityException(
        `No exchange rate for ${currency} on or before ${chinaDate(at)}`,
      );
    return { usd: (amount) => money(dec(amount).times(rate)), date: table.date, version: table.version };
  }
}
