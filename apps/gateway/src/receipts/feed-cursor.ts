import { FieldValidationException } from '@swx/platform';

/** Position in the receipt feed: after the row `id` recorded by transaction `txId`. */
export interface FeedPosition {
  txId: string;
  id: string;
}

export const FEED_START: FeedPosition = { txId: '0', id: '0' };

const PREFIX = 'r1';

export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(`${PREFIX}:${position.txId}:${position.id}`, 'utf8').toString('base64url');
}

// The column types the cursor's numbers are compared with: xid8 (unsigned 64-bit) and bigint (signed).
const XID8_MAX = 2n ** 64n - 1n;
const BIGINT_MAX = 2n ** 63n - 1n;

export function decodeFeedCursor(cursor: string): FeedPosition {
  const match = /^r1:(\d{1,20}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[1]) > XID8_MAX || BigInt(match[2]) > BIGINT_MAX) {
    throw new FieldValidationException([
      { path: 'after', rule: 'cursor', message: '`after` is not a cursor this feed issued' },
    ]);
  }
  return { txId: match[1], id: match[2] };
}
