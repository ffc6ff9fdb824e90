import { createHash, randomUUID } from 'node:crypto';

import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { dec, type ForexSettlementRecorded, money, type SettlementKind, Topics } from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';
import { ProblemException } from '@swx/platform';

import { Directory } from '../directory/directory';
import { ForexEnv } from '../forex.env';
import { chinaYear } from '../rates/china-time';
import { ExchangeRates } from '../rates/exchange-rates';
import { balanceOf, recordedEvent, TransactionStore } from '../transactions/transaction-store';
import { type Allocation, applyFees, applySettlement, remaining, type RecordBalance } from './reconcile';

export interface SettlementRequest {
  bankReference: string;
  kind: SettlementKind;
  currency: string;
  amount: string;
  settledAt: string;
  allocations: Allocation[];
}

export interface SettlementView {
  settlementId: string;
  bankCode: string;
  bankReference: string;
  kind: SettlementKind;
  currency: string;
  amount: string;
  usdAmount: string;
  rateDate: string;
  rateVersion: number;
  settledAt: string;
  allocations: { transactionId: string; amount: string; remainingAmount: string }[];
  replayed: boolean;
}

export interface FeeRequest {
  reference: string;
  transactionId: string;
  kind: 'warehousing' | 'logistics' | 'tax' | 'commission';
  amount: string;
  currency: string;
  evidence: string[];
}

/** Canonical hash of a request (keys sorted), to tell a replay from a different request under the same reference. */
export const requestHash = (body: object): string =>
  createHash('sha256')
    .update(
      JSON.stringify(body, (_k, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v) ? sortKeys(v) : v,
      ),
    )
    .digest('hex');

const sortKeys = (o: object): object =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

const unprocessable = (detail: string, errors: { path: string; rule: string; message: string }[]) =>
  new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, detail, errors);

/**
 * A bank settles against transaction records of its customers: idempotent by (bank, reference), every record
 * locked in id order for the transaction (two instances, concurrent requests: never over-settled), the
 * balances checked by `applySettlement`, the US$ equivalent counted towards the 名录 year.
 */
@Injectable()
export class SettleTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TransactionStore,
    private readonly publisher: EventPublisher,
    private readonly rates: ExchangeRates,
    private readonly directory: Directory,
    private readonly env: ForexEnv,
  ) {}

  async settle(bankCode: string, customers: string[], request: SettlementRequest): Promise<SettlementView> {
    const hash = requestHash(request);
    try {
      return await this.dataSource.transaction((m) => this.settleIn(m, bankCode, customers, request, hash));
    } catch (e) {
      // Two instances inserting the same reference at once: the loser answers as a replay (or a conflict).
      if ((e as { code?: string }).code === '23505') {
        return this.dataSource.transaction(async (m) => {
          const existing = await this.existing(m, bankCode, request.bankReference, hash);
          if (!existing) throw e;
          return existing;
        });
      }
      throw e;
    }
  }

  private async settleIn(
    m: EntityManager,
    bankCode: string,
    customers: string[],
    request: SettlementRequest,
    hash: string,
  ): Promise<SettlementView> {
    const replay = await this.existing(m, bankCode, request.bankReference, hash);
    if (replay) return replay;
    const ids = request.allocations.map((a) => a.transactionId);
    const rows = (await this.store.lockMany(m, ids)).filter(
      (r) => r.recorded_at !== null && r.enterprise_code !== null && customers.includes(r.enterprise_code),
    );
    const balances = new Map<string, RecordBalance>(rows.map((r) => [r.transaction_id, balanceOf(r)]));
    const tolerance = this.env.FOREX_SETTLEMENT_TOLERANCE;
    const result = applySettlement(balances, request, tolerance);
    if (!result.ok)
      throw unprocessable('The settlement does not reconcile with the transaction records', result.errors);

    const settledAt = new Date(request.settledAt);
    const converter = await this.rates.converterAt(m, request.currency, settledAt);
    const usd = { usd: converter.usd(request.amount), date: converter.date, version: converter.version };
    const settlementId = randomUUID();
    await m.query(
      `INSERT INTO "forex"."settlement" (settlement_id, bank_code, bank_reference, kind, currency, amount, usd_amount,
              rate_date, rate_version, request_hash, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        settlementId,
        bankCode,
        request.bankReference,
        request.kind,
        request.currency,
        request.amount,
        usd.usd,
        usd.date,
        usd.version,
        hash,
        settledAt,
      ],
    );
    const byEnterprise = new Map<string, { usd: string; name: string | null }>();
    for (const a of request.allocations) {
      const row = rows.find((r) => r.transaction_id === a.transactionId)!;
      const share = { usd: converter.usd(a.amount) };
      await m.query(
        `INSERT INTO "forex"."settlement_allocation" (settlement_id, transaction_id, enterprise_code, amount, usd_amount)
         VALUES ($1, $2, $3, $4, $5)`,
        [settlementId, a.transactionId, row.enterprise_code, a.amount, share.usd],
      );
      const updated = await this.store.writeBalance(m, result.balances.get(a.transactionId)!);
      await this.publisher.publish(
        m,
        Topics.ForexTransactionRecorded,
        recordedEvent(updated, money(remaining(balanceOf(updated)))),
        { correlationId: `forex-settlement-${settlementId}` },
      );
      const seen = byEnterprise.get(row.enterprise_code!);
      byEnterprise.set(row.enterprise_code!, {
        usd: money(dec(seen?.usd ?? 0).plus(share.usd)),
        name: row.enterprise_name,
      });
    }
    const event: ForexSettlementRecorded = {
      settlementId,
      bankCode,
      bankReference: request.bankReference,
      kind: request.kind,
      currency: request.currency,
      amount: money(request.amount),
      allocations: request.allocations.map((a) => ({
        transactionId: a.transactionId,
        amount: money(a.amount),
      })),
      enterpriseCodes: [...byEnterprise.keys()].sort(),
      settledAt: settledAt.toISOString(),
    };
    await this.publisher.publish(m, Topics.ForexSettlementRecorded, event, {
      correlationId: `forex-settlement-${settlementId}`,
    });
    if (request.kind === 'receipt' || request.kind === 'payment') {
      const individuals: { customs_code: string }[] = await m.query(
        `SELECT customs_code FROM "forex"."individual_seller" WHERE customs_code = ANY($1)`,
        [[...byEnterprise.keys()]],
      );
      const personal = new Set(individuals.map((i) => i.customs_code));
      for (const [code, v] of [...byEnterprise.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        if (personal.has(code)) continue;
        await this.directory.add(
          m,
          code,
          v.name,
          chinaYear(settledAt),
          request.kind === 'receipt' ? 'receipts' : 'payments',
          v.usd,
          [bankCode],
          { correlationId: `forex-settlement-${settlementId}` },
        );
      }
    }
    return (await this.existing(m, bankCode, request.bankReference, hash, false))!;
  }

  /** The settlement recorded under a reference; a different request under it is refused (422). */
  async existing(
    m: EntityManager,
    bankCode: string,
    bankReference: string,
    hash: string,
    replayed = true,
  ): Promise<SettlementView | undefined> {
    const [s]: {
      settlement_id: string;
      kind: SettlementKind;
      currency: string;
      amount: string;
      usd_amount: string;
      rate_date: string;
      rate_version: number;
      request_hash: string;
      settled_at: Date;
    }[] = await m.query(
      `SELECT settlement_id, kind, currency, amount::text, usd_amount::text, to_char(rate_date, 'YYYY-MM-DD') AS rate_date,
              rate_version, request_hash, settled_at
         FROM "forex"."settlement" WHERE bank_code = $1 AND bank_reference = $2`,
      [bankCode, bankReference],
    );
    if (!s) return undefined;
    if (s.request_hash !== hash)
      throw unprocessable(`The reference ${bankReference} was used for a different settlement`, [
        {
          path: 'bankReference',
          rule: 'idempotentReference',
          message: `${bankReference} already names another settlement of this bank`,
        },
      ]);
    const allocations: { transaction_id: string; amount: string; remaining: string }[] = await m.query(
      `SELECT a.transaction_id, a.amount::text,
              (GREATEST(t.declared_amount - t.reversed_amount, 0) - t.settled_amount - t.fees_amount)::text AS remaining
         FROM "forex"."settlement_allocation" a JOIN "forex"."fx_transaction" t USING (transaction_id)
        WHERE a.settlement_id = $1 ORDER BY a.transaction_id`,
      [s.settlement_id],
    );
    return {
      settlementId: s.settlement_id,
      bankCode,
      bankReference,
      kind: s.kind,
      currency: s.currency,
      amount: money(s.amount),
      usdAmount: money(s.usd_amount),
      rateDate: s.rate_date,
      rateVersion: s.rate_version,
      settledAt: new Date(s.settled_at).toISOString(),
      allocations: allocations.map((a) => ({
        transactionId: a.transaction_id,
        amount: money(a.amount),
        remainingAmount: money(a.remaining),
      })),
      replayed,
    };
  }

  /** Netting: the enterprise declares an overseas fee deducted from the proceeds of its own export record. */
  async declareFee(
    enterpriseCode: string,
    request: FeeRequest,
  ): Promise<{ replayed: boolean; remainingAmount: string }> {
    const hash = requestHash(request);
    return this.dataSource.transaction(async (m) => {
      const [row] = await this.store.lockMany(m, [request.transactionId]);
      if (!row || row.enterprise_code !== enterpriseCode || row.recorded_at === null)
        throw unprocessable('No such transaction record of this enterprise', [
          {
            path: 'transactionId',
            rule: 'ownTransaction',
            message: `no transaction record ${request.transactionId} of ${enterpriseCode}`,
          },
        ]);
      const [existing]: { request_hash: string }[] = await m.query(
        `SELECT request_hash FROM "forex"."fee_declaration" WHERE enterprise_code = $1 AND reference = $2`,
        [enterpriseCode, request.reference],
      );
      if (existing) {
        if (existing.request_hash !== hash)
          throw unprocessable(`The reference ${request.reference} was used for a different fee`, [
            {
              path: 'reference',
              rule: 'idempotentReference',
              message: `${request.reference} already names another fee`,
            },
          ]);
        return { replayed: true, remainingAmount: money(remaining(balanceOf(row))) };
      }
      const b = balanceOf(row);
      if (b.currency !== request.currency)
        throw unprocessable('Currency differs', [
          {
            path: 'currency',
            rule: 'currencyOfTransaction',
            message: `${request.transactionId} is in ${b.currency}`,
          },
        ]);
      const result = applyFees(b, request.amount, this.env.FOREX_SETTLEMENT_TOLERANCE);
      if (!result.ok)
        throw unprocessable('The fee does not reconcile with the transaction record', result.errors);
      await m.query(
        `INSERT INTO "forex"."fee_declaration" (enterprise_code, reference, transaction_id, kind, amount, currency, evidence, request_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          enterpriseCode,
          request.reference,
          request.transactionId,
          request.kind,
          request.amount,
          request.currency,
          request.evidence,
          hash,
        ],
      );
      const updated = await this.store.writeBalance(m, result.balance);
      const left = money(remaining(balanceOf(updated)));
      await this.publisher.publish(m, Topics.ForexTransactionRecorded, recordedEvent(updated, left), {
        correlationId: `forex-fee-${enterpriseCode}-${request.reference}`,
      });
      return { replayed: false, remainingAmount: left };
    });
  }

  /** 代垫: fees an enterprise advanced for a customer, recorded against that customer. */
  async advanceFee(
    enterpriseCode: string,
    request: {
      reference: string;
      customerCode: string;
      kind: string;
      amount: string;
      currency: string;
      evidence: string[];
    },
  ): Promise<{ replayed: boolean }> {
    const hash = requestHash(request);
    return this.dataSource.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO "forex"."advanced_fee" (enterprise_code, reference, customer_code, kind, amount, currency, evidence, request_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1`,
        [
          enterpriseCode,
          request.reference,
          request.customerCode,
          request.kind,
          request.amount,
          request.currency,
          request.evidence,
          hash,
        ],
      );
      if (inserted.length > 0) return { replayed: false };
      const [existing]: { request_hash: string }[] = await m.query(
        `SELECT request_hash FROM "forex"."advanced_fee" WHERE enterprise_code = $1 AND reference = $2`,
        [enterpriseCode, request.reference],
      );
      if (existing.request_hash !== hash)
        throw unprocessable(`The reference ${request.reference} was used for a different advance`, [
          {
            path: 'reference',
            rule: 'idempotentReference',
            message: `${request.reference} already names another advance`,
          },
        ]);
      return { replayed: true };
    });
  }
}
