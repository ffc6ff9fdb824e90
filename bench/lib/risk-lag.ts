import { Topics } from '@swx/contracts';

import { withPg } from './platform';
import { sleep } from './stats';

/** How far the risk service lags the document stream: gateway publication of an order → risk has consumed it. */
export interface RiskLag {
  /** Orders the gateway published since the step began. */
  orders: number;
  /** Of them, consumed by risk when measured. */
  consumed: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * Measures, from the databases, each order event's time from the gateway's outbox row (written in the accepting
 * transaction) to risk's inbox row (written in the transaction that evaluated it). Waits up to `waitMs` for risk to
 * catch up first. Undefined when the platform runs no risk service.
 */
export async function riskLagSince(
  databaseUrl: string,
  since: Date,
  waitMs = 30_000,
): Promise<RiskLag | undefined> {
  return withPg(databaseUrl, async (c) => {
    const exists = await c.query(`SELECT to_regclass('risk.inbox') IS NOT NULL AS ok`);
    if (!exists.rows[0].ok) return undefined;
    const topic = Topics.ImportOrderAccepted.name;
    const measure = async (): Promise<RiskLag> => {
      const { rows } = await c.query(
        `SELECT count(*)::int AS orders, count(i.message_id)::int AS consumed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.processed_at - o.created_at) * 1000) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM i.processed_at - o.created_at) * 1000) AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM i.processed_at - o.created_at) * 1000) AS p99,
           max(extract(epoch FROM i.processed_at - o.created_at) * 1000) AS max
         FROM gateway.outbox o LEFT JOIN risk.inbox i ON i.message_id = o.message_id AND i.topic = o.topic
         WHERE o.topic = $1 AND o.created_at >= $2`,
        [topic, since],
      );
      const r = rows[0] as Record<string, number | string | null>;
      const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
      return {
        orders: Number(r.orders),
        consumed: Number(r.consumed),
        p50: num(r.p50),
        p95: num(r.p95),
        p99: num(r.p99),
        max: num(r.max),
      };
    };
    const deadline = Date.now() + waitMs;
    let lag = await measure();
    while (lag.consumed < lag.orders && Date.now() < deadline) {
      await sleep(500);
      lag = await measure();
    }
    return lag;
  });
}
