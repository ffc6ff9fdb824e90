/** Field formats of the CEB standard, shared by every message class. */

/** `N19,5`: decimal with at most 14 integer and 5 fraction digits, carried as a string (never a JS float). */
export const DECIMAL_19_5 = /^(0|[1-9]\d{0,13})(\.\d{1,5})?$/;

/**
 * A pattern that also holds only for real calendar dates: the YYYY, MM and DD capture groups (named) must name a
 * day that exists (20260231 does not; 20280229 does). class-validator's `@Matches` and JSON Schema see an
 * ordinary RegExp (its source); every match goes through `exec`, which checks the date.
 */
export class CalendarPattern extends RegExp {
  override exec(text: string): RegExpExecArray | null {
    const match = super.exec(text);
    const parts = match?.groups;
    if (!match || !parts) return match;
    const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
    const date = new Date(Date.UTC(2000, month - 1, day));
    date.setUTCFullYear(year);
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? match : null;
  }
}

/** `appTime` and other CEB times: YYYYMMDDhhmmss, a real date and time. */
export const APP_TIME = new CalendarPattern(
  '^(?<year>\\d{4})(?<month>0[1-9]|1[0-2])(?<day>0[1-9]|[12]\\d|3[01])([01]\\d|2[0-3])[0-5]\\d[0-5]\\d$',
);

/**
 * `guid`: 「企业系统生成36位唯一序号（英文字母大写）」 (XSD annotation of every head's guid): 36 characters, letters in
 * upper case. Enterprise systems send UUIDs and also their own ids (message-type prefix, timestamp, counter);
 * both are what the standard allows. Digits, upper-case letters and hyphens.
 */
export const GUID = /^[0-9A-Z-]{36}$/;

/** Enterprise codes: 10-char customs registration code or 18-char unified social credit code (C..18). */
export const ENTERPRISE_CODE = /^[0-9A-Z]{10}([0-9A-Z]{8})?$/;

/** Three-digit customs code (currency, country, unit). */
export const CODE_3 = /^\d{3}$/;

/** `YYYYMMDD` dates (declTime, ieDate...), real calendar dates. */
export const DATE_8 = new CalendarPattern(
  '^(?<year>\\d{4})(?<month>0[1-9]|1[0-2])(?<day>0[1-9]|[12]\\d|3[01])$',
);

/** `YYYY-MM-DD` dates of the REST API (tax periods...), real calendar dates. */
export const ISO_DATE = new CalendarPattern(
  '^(?<year>\\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\\d|3[01])$',
);

/** Four-digit customs district code (关区代码, JGS/T 18). */
export const CUSTOMS_DISTRICT = /^\d{4}$/;
