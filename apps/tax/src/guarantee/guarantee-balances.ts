import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export const GUARANTEE_KINDS = ['deposit', 'bank-guarantee', 'guarantee-insurance'] as const;
export type GuaranteeKind = (typeof GUARANTEE_KINDS)[number];

export interface GuaranteeBalance {
  assureCode: string;
  kind: GuaranteeKind;
  amount: string;
  reference: string | null;
  /** Tax of assessed lists not yet released. */
  reserved: string;
  /** Tax of bills issued and not yet paid (status 1 or 2). */
  outstanding: string;
  available: string;
  heldRequests: number;
}

const BALANCE_SQL = `
  SELECT g.assure_code AS "assureCode", g.kind, g.amount::numeric(19, 2)::text AS amount, g.reference,
    r.reserved::numeric(19, 2)::text AS reserved, b.outstanding::numeric(19, 2)::text AS outstanding,
    (g.amount - r.reserved - b.outstanding)::numeric(19, 2)::text AS available, r.held AS "heldRequests"
  FROM "tax"."guarantee_account" g,
  LATERAL (SELECT COALESCE(sum(tax_total) FILTER (WHERE state = 'reserved'), 0) AS reserved,
                  count(*) FILTER (WHERE state = 'held')::int AS held
             FROM "tax"."assessment" a WHERE a.assure_code = g.assure_code) r,
  LATERAL (SELECT COALESCE(sum(tax_total), 0) AS outstanding FROM "tax"."tax_bill" t
            WHERE t.assure_code = g.assure_code AND t.status IN ('1', '2') AND t.paid_at IS NULL) b
  WHERE g.assure_code = $1`;

/**
 * A guarantor's available balance: the guaranteed amount less what assessed lists and unpaid bills take.
 * Computed from the rows themselves, so it can never drift from the bills.
 */
@Injectable()
export class GuaranteeBalances {
  async read(manager: EntityManager, assureCode: string): Promise<GuaranteeBalance | undefined> {
    const [row]: GuaranteeBalance[] = await manager.query(BALANCE_SQL, [assureCode]);
    return row;
  }

  /** Locks the account row first: two assessments of one guarantor are decided one after the other. */
  async lockAndRead(manager: EntityManager, assureCode: string): Promise<GuaranteeBalance | undefined> {
    const locked: unknown[] = await manager.query(
      `SELECT 1 FROM "tax"."guarantee_account" WHERE assure_code = $1 FOR UPDATE`,
      [assureCode],
    );
    return locked.length ? this.read(manager, assureCode) : undefined;
  }
}
