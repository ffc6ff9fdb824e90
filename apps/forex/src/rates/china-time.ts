const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in China (UTC+8) of an instant, `YYYY-MM-DD`: 名录 years and rate days follow it. */
export const chinaDate = (at: Date): string =>
  new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

export const chinaYear = (at: Date): string => chinaDate(at).slice(0, 4);

/** `YYYYMMDDhhmmss` in China time (CEB times) → the instant. */
export function cebTimeToDate(value: string): Date {
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(8, 10)}:${value.slice(10, 12)}:${value.slice(12, 14)}+08:00`;
  return new Date(iso);
}
