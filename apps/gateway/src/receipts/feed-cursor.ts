import { FieldValidationException } from '@swx/platform';

/** Position in the receipt feed: after the row `id` recorded by transaction `txId`. */
export interface FeedPosition {
  txId: string;
  id: string;
}

export const FEED_START: FeedPosition = { txId: '0', id: '0' };

/** Which feed a cursor belongs to: `r1` the receipt feed, `e1` the event feed. A cursor of one is refused by the other. */
export type FeedCursorPrefix = 'r1' | 'e1';

export function encodeFeedCursor(position: FeedPosition, prefix: FeedCursorPrefix = 'r1'): string {
  return Buffer.from(`${prefix}:${position.txId}:${position.id}`, 'utf8').toString('base64url');
}

// The column types the cursor's numbers are compared with: xid8 (unsigned 64-bit) and bigint (signed).
const XID8_MAX = 2n ** 64n - 1n;
const BIGINT_MAX = 2n ** 63n - 1n;

export function decodeFeedCursor(
  cursor: string,
  prefix: FeedCursorPrefix = 'r1',
  path = 'after',
): FeedPosition {
  const match = /^([a-z]\d):(\d{1,20}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || match[1] !== prefix || BigInt(match[2]) > XID8_MAX || BigInt(match[3]) > BIGINT_MAX) {
    throw new FieldValidationException([
      { path, rule: 'cursor', message: `\`${path}\` is not a cursor this feed issued` },
    ]);
  }
  return { txId: match[2], id: match[3] };
}
