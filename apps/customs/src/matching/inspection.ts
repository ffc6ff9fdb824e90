import { createHash } from 'node:crypto';

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
