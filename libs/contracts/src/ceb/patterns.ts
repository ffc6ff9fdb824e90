/** Field formats of the CEB standard, shared by every message class. */

/** `N19,5`: decimal with at most 14 integer and 5 fraction digits, carried as a string (never a JS float). */
export const DECIMAL_19_5 = /^(0|[1-9]\d{0,13})(\.\d{1,5})?$/;

/** `appTime`: YYYYMMDDhhmmss. */
export const APP_TIME = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;

/** `guid`: 36 characters, upper-case UUID. */
export const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

/** Enterprise codes: 10-char customs registration code or 18-char unified social credit code (C..18). */
export const ENTERPRISE_CODE = /^[0-9A-Z]{10}([0-9A-Z]{8})?$/;

/** Three-digit customs code (currency, country, unit). */
export const CODE_3 = /^\d{3}$/;

/** `YYYYMMDD` dates (declTime, ieDate...). */
export const DATE_8 = /^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** Four-digit customs district code (关区代码, JGS/T 18). */
export const CUSTOMS_DISTRICT = /^\d{4}$/;
