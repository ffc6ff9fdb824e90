import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { dec, type ForexVerificationAnomaly, money, Topics } from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { ForexEnv } from '../forex.env';
import { ExchangeRates } from '../rates/exchange-rates';
import { anomalyIdOf, describeFinding, type VolumeFinding, verifyVolume } from './total-volume';

export interface VerificationReport {
  period: string;
  threshold: string;
  findings: (VolumeFinding & { anomalyId: string; status: 'detected' | 'withdrawn' | 'none' })[];
}

/** Bounds of a period `YYYY-MM` or `YYYY` in China time, and the day whose rates convert it. */
function bounds(period: string): { from: string; to: string; rateDay: string } {
  const [y, mo] = period.split('-');
  const from = mo ? `${y}-${mo}-01` : `${y}-01-01`;
  const next = mo
    ? Number(mo) === 12
      ? `${Number(y) + 1}-01-01`
      : `${y}-${String(Number(mo) + 1).padStart(2, '0')}-01`
    : `${Number(y) + 1}-01-01`;
  const last = new Date(new Date(`${next}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
  return { from: `${from}T00:00:00+08:00`, to: `${next}T00:00:00+08:00`, rateDay: last };
}

/**
 * Runs total-volume verification of a period for every enterprise with records in it: declared trade (records
 * recorded in the period, less reversals) against settled funds (settlements of the period plus declared fees),
 * in US$ at the rates of the period's last day. Findings beyond the threshold are published as
 * `ForexVerificationAnomaly` (stable id per enterprise, flow and period); a finding that no longer holds is
 * withdrawn. Idempotent: running a period again publishes only changes.
 */
@Injectable()
export class TotalVolumeVerification {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rates: ExchangeRates,
    private readonly publisher: EventPublisher,
    private readonly env: ForexEnv,
  ) {}

  async run(period: string, enterpriseCodes?: string[]): Promise<VerificationReport> {
    const { from, to, rateDay } = bounds(period);
    const threshold = this.env.FOREX_VERIFICATION_DEVIATION;
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('forex.verification'))`);
      const table = await this.rates.ratesOn(m, rateDay);
      const usd = (amount: string, currency: string): string =>
        money(dec(amount).times(table.rates.get(currency) ?? 0));
      const declared: {
        enterprise_code: string;
        flow: 'export' | 'import';
        currency: string;
        amount: string;
        fees: string;
      }[] = await m.query(
        `SELECT enterprise_code, flow, currency, sum(GREATEST(declared_amount - reversed_amount, 0))::text AS amount,
                  sum(fees_amount)::text AS fees
             FROM "forex"."fx_transaction"
            WHERE recorded_at >= $1 AND recorded_at < $2 AND enterprise_code IS NOT NULL AND currency IS NOT NULL
              AND ($3::text[] IS NULL OR enterprise_code = ANY($3))
            GROUP BY 1, 2, 3`,
        [from, to, enterpriseCodes ?? null],
      );
      const settled: {
        enterprise_code: string;
        flow: 'export' | 'import';
        currency: string;
        amount: string;
      }[] = await m.query(
        `SELECT a.enterprise_code, CASE WHEN s.kind = 'receipt' THEN 'export' ELSE 'import' END AS flow, s.currency,
                  sum(a.amount)::text AS amount
             FROM "forex"."settlement" s JOIN "forex"."settlement_allocation" a USING (settlement_id)
            WHERE s.kind IN ('receipt', 'payment') AND s.settled_at >= $1 AND s.settled_at < $2
              AND ($3::text[] IS NULL OR a.enterprise_code = ANY($3))
            GROUP BY 1, 2, 3`,
        [from, to, enterpriseCodes ?? null],
      );
      const figures = new Map<
        string,
        { enterpriseCode: string; flow: 'export' | 'import'; declared: string; settled: string }
      >();
      const at = (code: string, flow: 'export' | 'import') => {
        const key = `${flow}:${code}`;
        if (!figures.has(key)) figures.set(key, { enterpriseCode: code, flow, declared: '0', settled: '0' });
        return figures.get(key)!;
      };
      for (const d of declared) {
        const f = at(d.enterprise_code, d.flow);
        f.declared = money(dec(f.declared).plus(usd(d.amount, d.currency)));
        f.settled = money(dec(f.settled).plus(usd(d.fees, d.currency)));
      }
      for (const s of settled) {
        const f = at(s.enterprise_code, s.flow);
        f.settled = money(dec(f.settled).plus(usd(s.amount, s.currency)));
      }
      const report: VerificationReport = { period, threshold, findings: [] };
      for (const f of [...figures.values()].sort((a, b) =>
        `${a.enterpriseCode}${a.flow}`.localeCompare(`${b.enterpriseCode}${b.flow}`),
      )) {
        const finding = verifyVolume(
          { enterpriseCode: f.enterpriseCode, flow: f.flow, declaredUsd: f.declared, settledUsd: f.settled },
          threshold,
        );
        const anomalyId = anomalyIdOf(finding, period);
        const [previous]: { status: string }[] = await m.query(
          `SELECT status FROM "forex"."verification_anomaly" WHERE anomaly_id = $1`,
          [anomalyId],
        );
        let status: 'detected' | 'withdrawn' | 'none' = previous
          ? (previous.status as 'detected' | 'withdrawn')
          : 'none';
        const next = finding.anomalous
          ? 'detected'
          : previous?.status === 'detected'
            ? 'withdrawn'
            : undefined;
        if (next && next !== previous?.status) {
          status = next;
          const reason = describeFinding(finding);
          await m.query(
            `INSERT INTO "forex"."verification_anomaly" (anomaly_id, enterprise_code, period, kind, status, declared_usd, settled_usd, reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (anomaly_id) DO UPDATE SET status = $5, declared_usd = $6, settled_usd = $7, reason = $8, updated_at = now()`,
            [
              anomalyId,
              f.enterpriseCode,
              period,
              `forex.totalVolume${f.flow === 'export' ? 'Export' : 'Import'}`,
              next,
              finding.declaredUsd,
              finding.settledUsd,
              reason,
            ],
          );
          const event: ForexVerificationAnomaly = {
            anomalyId,
            status: next,
            enterpriseCode: f.enterpriseCode,
            kind: f.flow === 'export' ? 'forex.totalVolumeExport' : 'forex.totalVolumeImport',
            severity: dec(finding.deviation).gt(dec(threshold).times(2)) ? 'high' : 'medium',
            occurredAt: new Date().toISOString(),
            reason,
            evidence: [period, `declared US$${finding.declaredUsd}`, `settled US$${finding.settledUsd}`],
            period,
          };
          await this.publisher.publish(m, Topics.ForexVerificationAnomaly, event, {
            correlationId: `forex-verification-${period}`,
          });
        }
        report.findings.push({ ...finding, anomalyId, status });
      }
      return report;
    });
  }
}
