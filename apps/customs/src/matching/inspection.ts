import { createHash } from 'node:crypto';

import type { EntityManager } from 'typeorm';

import { type CreditLevel, dec } from '@swx/contracts';

export type InspectionRates = Record<CreditLevel, string>;

/** Every enterprise is rated B until the credit service says otherwise. */
export const DEFAULT_CREDIT_LEVEL: CreditLevel = 'B';

const ORDER: readonly CreditLevel[] = ['A', 'B', 'C', 'D'];

/** The worst (highest-risk) of the levels: a list is as risky as its riskiest enterprise. */
export const worstLevel = (levels: CreditLevel[]): CreditLevel =>
  levels.reduce<CreditLevel>((worst, l) => (ORDER.indexOf(l) > ORDER.indexOf(worst) ? l : worst), 'A');

/** A number in [0, 1) fixed by the list's identity, so a replay or another instance draws the same. */
export function draw(listIdentity: string, listMessageId: string): string {
  const digest = createHash('sha256').update(`${listIdentity}|${listMessageId}`).digest();
  const n = digest.readUIntBE(0, 6);
  return dec(n)
    .dividedBy(2 ** 48)
    .toFixed(15);
}

export function selectedForInspection(
  rates: InspectionRates,
  level: CreditLevel,
  listIdentity: string,
  listMessageId: string,
): boolean {
  return dec(draw(listIdentity, listMessageId)).lessThan(rates[level]);
}

/** The credit standing of a list's parties: their levels (B when unrated) and the blacklisted among them. */
export interface PartiesCredit {
  levels: CreditLevel[];
  blacklisted: string[];
}

/** The credit standing of the parties a list names, as customs keeps it from the credit service's ratings. */
export async function creditOfParties(
  manager: EntityManager,
  named: (string | undefined)[],
): Promise<PartiesCredit> {
  const codes = [...new Set(named.filter((c): c is string => !!c && c !== 'NO'))];
  const rows: { enterprise_code: string; level: CreditLevel; blacklisted: boolean }[] = await manager.query(
    `SELECT enterprise_code, level, blacklisted FROM "customs"."credit_rating" WHERE enterprise_code = ANY($1)`,
    [codes],
  );
  const rated = new Map(rows.map((r) => [r.enterprise_code, r.level]));
  return {
    levels: codes.map((c) => rated.get(c) ?? DEFAULT_CREDIT_LEVEL),
    blacklisted: rows
      .filter((r) => r.blacklisted)
      .map((r) => r.enterprise_code)
      .sort(),
  };
}

/**
 * Whether a list is inspected on credit grounds, and the receipt's reason: every list naming a blacklisted party
 * (全面查验, whatever the rate of its level), else a draw at the rate of the worst level among the parties.
 */
export function creditInspection(
  rates: InspectionRates,
  credit: PartiesCredit,
  listIdentity: string,
  listMessageId: string,
): { inspect: boolean; level: CreditLevel; reason: string } {
  const level = worstLevel(credit.levels);
  if (credit.blacklisted.length > 0)
    return {
      inspect: true,
      level,
      reason: `[Code:2500;Desc:查验，信用黑名单 ${credit.blacklisted.join(',')}]`,
    };
  return {
    inspect: selectedForInspection(rates, level, listIdentity, listMessageId),
    level,
    reason: `[Code:2500;Desc:查验，信用等级${level}]`,
  };
}
