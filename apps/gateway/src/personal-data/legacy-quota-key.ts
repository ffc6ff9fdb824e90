import { createHash } from 'node:crypto';

/** The key tax kept a buyer's quota under before person tokens: SHA-256 of the prefixed, upper-cased ID number. */
export function legacyQuotaKey(idNumber: string): string {
  return createHash('sha256').update(`swx-tax-buyer:${idNumber.trim().toUpperCase()}`).digest('hex');
}
