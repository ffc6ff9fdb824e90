import type { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';

import { EventNotifier } from './event-notifier';

describe('EventNotifier', () => {
  // No LISTEN connection here: notifications are delivered by calling notify(), as the listener does.
  const logger = { setContext: () => undefined } as unknown as PinoLogger;
  const notifier = () => new EventNotifier({} as DataSource, logger);

  it('wakes a waiter at the next notification', async () => {
    const n = notifier();
    const waiting = n.next(10_000);
    n.notify();
    await expect(waiting).resolves.toBe(true);
  });

  it('resolves false when the time is up or the signal aborts', async () => {
    const n = notifier();
    await expect(n.next(5)).resolves.toBe(false);
    const stop = new AbortController();
    const waiting = n.next(10_000, stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBe(false);
  });

  it('does not lose a notification that came while the caller was busy (since an earlier count)', async () => {
    const n = notifier();
    const seen = n.count;
    n.notify(); // a commit during the caller's look, when nobody waits
    expect(n.count).toBe(seen + 1);
    await expect(n.next(10_000, undefined, seen)).resolves.toBe(true); // at once, not in 10 s
    // Nothing new since the current count: it waits.
    await expect(n.next(5, undefined, n.count)).resolves.toBe(false);
  });
});
