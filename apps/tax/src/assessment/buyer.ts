import { createHash } from 'node:crypto';

/**
 * The buyer's quota key: a hash of the ID number, so the quota rows identify a person without storing the
 * number itself. Only a masked form (`110***********0012`) is kept for people reading the quota.
 */
export function buyerKey(idNumber: string): string {
  return createHash('sha256').update(`swx-tax-buyer:${idNumber.trim().toUpperCase()}`).digest('hex');
}

export function maskIdNumber(idNumber: string): string {
  const id = idNumber.trim();
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}
