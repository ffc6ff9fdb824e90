import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { dec, type DirectoryStatus, money, Topics } from '@swx/contracts';
import { type Cause, EventPublisher } from '@swx/messaging';

import { ForexEnv } from '../forex.env';

export interface DirectoryYear {
  enterpriseCode: string;
  year: string;
  receiptsUsd: string;
  paymentsUsd: string;
  thresholdUsd: string;
  status: DirectoryStatus;
  registrationSentAt: string | null;
}

/**
 * The 名录 reading implemented: 「年度货物贸易收汇或付汇累计金额低于20万美元（不含）」 is read as *receipts or payments*,
 * each summed on its own over the calendar year (China time): an enterprise is exempt while both its settled
 * receipts and its settled payments are below US$200,000; 200,000.00 itself is not "below" (不含), so reaching it
 * on either side requires registration. Receipts and payments are not added together: the rule names each, and
 * SAFE's goods-trade directory rule counts them apart.
 */
export function directoryStatus(
  receiptsUsd: string,
  paymentsUsd: string,
  thresholdUsd: string,
): DirectoryStatus {
  return dec(receiptsUsd).gte(thresholdUsd) || dec(paymentsUsd).gte(thresholdUsd)
    ? 'registration-required'
    : 'exempt';
}

/**
 * The status of a year after settled funds were added: once registration is required it stays so for the year
 * (the registration was sent to SAFE; settled funds only add up, and a raised threshold does not undo a crossing).
 */
export function nextDirectoryStatus(
  current: DirectoryStatus,
  receiptsUsd: string,
  paymentsUsd: string,
  thresholdUsd: string,
): DirectoryStatus {
  return current === 'registration-required'
    ? current
    : directoryStatus(receiptsUsd, paymentsUsd, thresholdUsd);
}

@Injectable()
export class Directory {
  constructor(
    private readonly env: ForexEnv,
    private readonly publisher: EventPublisher,
  ) {}

  get thresholdUsd(): string {
    return money(this.env.FOREX_DIRECTORY_THRESHOLD_USD);
  }

  /** Adds settled US$ to an enterprise's year; a change of status is published, a first crossing sent to SAFE. */
  async add(
    m: EntityManager,
    enterpriseCode: string,
    enterpriseName: string | null,
    year: string,
    side: 'receipts' | 'payments',
    usd: string,
    banks: string[],
    cause: Cause,
  ): Promise<void> {
    const rows: {
      receipts_usd: string;
      payments_usd: string;
      status: DirectoryStatus;
      registration_sent_at: Date | null;
    }[] = await m.query(
      `INSERT INTO "forex"."directory_year" (enterprise_code, year, ${side}_usd) VALUES ($1, $2, $3)
         ON CONFLICT (enterprise_code, year) DO UPDATE SET ${side}_usd = directory_year.${side}_usd + EXCLUDED.${side}_usd
         RETURNING receipts_usd::text, payments_usd::text, status, registration_sent_at`,
      [enterpriseCode, year, usd],
    );
    const row = rows[0];
    const status = nextDirectoryStatus(row.status, row.receipts_usd, row.payments_usd, this.thresholdUsd);
    if (status === row.status) return;
    const now = new Date();
    const first = status === 'registration-required' && row.registration_sent_at === null;
    await m.query(
      `UPDATE "forex"."directory_year" SET status = $3, changed_at = $4,
              registration_sent_at = CASE WHEN $5::boolean THEN $4 ELSE registration_sent_at END
        WHERE enterprise_code = $1 AND year = $2`,
      [enterpriseCode, year, status, now, first],
    );
    await this.publisher.publish(
      m,
      Topics.ForexDirectoryStatusChanged,
      {
        enterpriseCode,
        year,
        status,
        receiptsUsd: money(row.receipts_usd),
        paymentsUsd: money(row.payments_usd),
        thresholdUsd: this.thresholdUsd,
        occurredAt: now.toISOString(),
      },
      cause,
    );
    if (first) {
      const bankRows: { bank_code: string }[] = await m.query(
        `SELECT DISTINCT s.bank_code FROM "forex"."settlement" s
           JOIN "forex"."settlement_allocation" a USING (settlement_id)
          WHERE a.enterprise_code = $1 AND to_char(s.settled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') = $2
          ORDER BY 1`,
        [enterpriseCode, year],
      );
      await this.publisher.publish(
        m,
        Topics.ForexDirectoryRegistrationRequested,
        {
          enterpriseCode,
          ...(enterpriseName ? { enterpriseName } : {}),
          year,
          receiptsUsd: money(row.receipts_usd),
          paymentsUsd: money(row.payments_usd),
          banks: [...new Set([...bankRows.map((b) => b.bank_code), ...banks])].sort(),
          requestedAt: now.toISOString(),
        },
        cause,
      );
    }
  }

  async years(
    m: EntityManager,
    enterpriseCode: string | undefined,
    year: string | undefined,
  ): Promise<DirectoryYear[]> {
    const rows: {
      enterprise_code: string;
      year: string;
      receipts_usd: string;
      payments_usd: string;
      status: DirectoryStatus;
      registration_sent_at: Date | null;
    }[] = await m.query(
      `SELECT enterprise_code, year, receipts_usd::text, payments_usd::text, status, registration_sent_at
         FROM "forex"."directory_year"
        WHERE ($1::text IS NULL OR enterprise_code = $1) AND ($2::text IS NULL OR year = $2)
        ORDER BY year DESC, enterprise_code LIMIT 500`,
      [enterpriseCode ?? null, year ?? null],
    );
    return rows.map((r) => ({
      enterpriseCode: r.enterprise_code,
      year: r.year,
      receiptsUsd: money(r.receipts_usd),
      paymentsUsd: money(r.payments_usd),
      thresholdUsd: this.thresholdUsd,
      status: r.status,
      registrationSentAt: r.registration_sent_at ? new Date(r.registration_sent_at).toISOString() : null,
    }));
  }
}
