import { FieldValidationException } from '@swx/platform';

/**
 * The cursors of forex's pages: the sort key of a page's last row (an ISO time first, then strings), as
 * base64url JSON. A cursor this API did not issue is a field error on `cursor`.
 */
export const encodeCursor = (key: [string, ...string[]]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

/** The sort key of `cursor`, `length` strings the first of which is a time; else a 400 on `cursor`. */
export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === length &&
      v.every((x) => typeof x === 'string') &&
      !Number.isNaN(Date.parse(v[0] as string))
    )
      return v as string[];
  } catch {
    // answered below
  }
  throw new FieldValidationException([
    { path: 'cursor', rule: 'cursor', message: 'cursor is not one this API issued' },
  ]);
}
