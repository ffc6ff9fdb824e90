import { BadRequestException } from '@nestjs/common';

import { decodeFeedCursor, encodeFeedCursor } from './feed-cursor';

describe('receipt feed cursor', () => {
  it('round-trips a position and is opaque', () => {
    const cursor = encodeFeedCursor({ txId: '123456789', id: '42' });
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(cursor).not.toContain('42');
    expect(decodeFeedCursor(cursor)).toEqual({ txId: '123456789', id: '42' });
  });

  it('refuses what it did not issue', () => {
    for (const bad of [
      '',
      'abc',
      Buffer.from('r1:1:x').toString('base64url'),
      Buffer.from('r2:1:2').toString('base64url'),
    ]) {
      expect(() => decodeFeedCursor(bad)).toThrow(BadRequestException);
    }
  });
});

describe('event feed cursor', () => {
  it('is refused by the receipt feed and the other way round', () => {
    const events = encodeFeedCursor({ txId: '9', id: '3' }, 'e1');
    expect(decodeFeedCursor(events, 'e1', 'lastEventId')).toEqual({ txId: '9', id: '3' });
    expect(() => decodeFeedCursor(events)).toThrow(BadRequestException);
    expect(() => decodeFeedCursor(encodeFeedCursor({ txId: '9', id: '3' }), 'e1')).toThrow(
      BadRequestException,
    );
  });
});
