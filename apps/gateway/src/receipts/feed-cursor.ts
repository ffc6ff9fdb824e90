import { BadRequestException } from '@nestjs/common';

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

export function decodeFeedCursor(cursor: string): FeedPosition {
  const match = /^r1:(\d{1,20}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadRequestException('`after` is not a cursor this feed issued');
  return { txId: match[1], id: match[2] };
}
