import { createHash } from 'node:crypto';

import { tokensOf } from '@swx/contracts';
import type { EntityManager } from 'typeorm';

/**
 * The legacy quota key: a bare SHA-256 of the ID number. Quota rows were keyed by it before the gateway
 * tokenised personal data (docs/personal-data.md); kept only to name the rows the gateway's one-off mapping
 * re-keys. New rows are keyed by the buyer's person token.
 */
export function legacyBuyerKey(idNumber: string): string {
  return createHash('sha256').update(`swx-tax-buyer:${idNumber.trim().toUpperCase()}`).digest('hex');
}

export function maskIdNumber(idNumber: string): string {
  const id = idNumber.trim();
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/**
 * The quota key of a buyer named by a person token list (current key first): the current token. A row held
 * under an older key version's token (a key rotation in progress) is moved to the current one first, so the
 * used amounts carry over.
 */
export async function buyerKeyOf(manager: EntityManager, tokenList: string): Promise<string> {
  const [current, ...older] = tokensOf(tokenList);
  for (const token of older) await moveQuota(manager, token, current);
  return current;
}

/** Adds the rows of `from` into those of `to` (per year) and re-keys the assessments; idempotent. */
export async function moveQuota(manager: EntityManager, from: string, to: string): Promise<number> {
  if (from === to) return 0;
  const rows: { year: number }[] = await manager.query(
    `WITH gone AS (DELETE FROM "tax"."buyer_quota" WHERE buyer_key = $1 RETURNING year, masked_id, used, reserved)
     INSERT INTO "tax"."buyer_quota" (buyer_key, year, masked_id, used, reserved)
       SELECT $2, year, masked_id, used, reserved FROM gone
     ON CONFLICT (buyer_key, year) DO UPDATE SET used = "buyer_quota".used + EXCLUDED.used,
       reserved = "buyer_quota".reserved + EXCLUDED.reserved, updated_at = now()
     RETURNING year`,
    [from, to],
  );
  await manager.query(`UPDATE "tax"."assessment" SET buyer_key = $2 WHERE buyer_key = $1`, [from, to]);
  return rows.length;
}
