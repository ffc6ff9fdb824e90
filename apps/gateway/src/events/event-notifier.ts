import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { listenerClientConfig, PgListener } from '@swx/messaging';

import { EVENT_FEED_CHANNEL } from './event-feed';

/**
 * One `LISTEN` connection per gateway instance on the event feed's channel: every commit that records events
 * (on any instance) wakes the open streams and the push worker. Nothing polls while no event comes.
 */
@Injectable()
export class EventNotifier implements OnApplicationBootstrap, OnModuleDestroy {
  private listener?: PgListener;
  private readonly waiters = new Set<() => void>();
  private notifications = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(EventNotifier.name);
  }

  onApplicationBootstrap(): void {
    this.listener = new PgListener(
      listenerClientConfig(this.dataSource, 'gateway-event-listener'),
      [EVENT_FEED_CHANNEL],
      () => this.notify(),
      { warn: (o, m) => this.logger.warn(o, m), info: (o, m) => this.logger.info(o, m) },
    );
    this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
    this.notify();
  }

  /** Wakes every waiter now (new events were committed, or the instance is stopping). */
  notify(): void {
    this.notifications++;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** How many notifications came so far: pass it to `next` to hear of those that come meanwhile. */
  get count(): number {
    return this.notifications;
  }

  /**
   * Resolves at the next notification, or after `ms`, or when `signal` aborts; `true` when notified. With
   * `since` (an earlier `count`), a notification that came after it counts as the next one: resolves at once.
   */
  next(ms: number, signal?: AbortSignal, since?: number): Promise<boolean> {
    if (since !== undefined && this.notifications !== since) return Promise.resolve(true);
    return new Promise((resolve) => {
      let settled = false;
      const finish = (notified: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', abort);
        resolve(notified);
      };
      const wake = () => finish(true);
      const abort = () => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      this.waiters.add(wake);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }
}
