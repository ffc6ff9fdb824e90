import Decimal from 'decimal.js';

/**
 * Exact decimal arithmetic for CEB amounts (decimal strings, never JS floats). Amounts compare at 2 places
 * after customs rounding (half up), as the receipts and tax bills do.
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type DecimalInput = string | number | Decimal;

export const dec = (value: DecimalInput): Decimal => new D(value);

/** Customs rounding of an amount: 2 places, half up. Returns a string like `233.28`. */
export const money = (value: DecimalInput): string =>
  dec(value).toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed(2);

export const sum = (values: DecimalInput[]): Decimal =>
  values.reduce<Decimal>((acc, v) => acc.plus(v), dec(0));

/** Equal once both are rounded to 2 places (customs compares amounts at 2 decimals). */
export const sameAmount = (a: DecimalInput, b: DecimalInput): boolean => money(a) === money(b);

export { Decimal };
