import { Client, ClientConfig, Notification } from 'pg';
import type { DataSource } from 'typeorm';

/** The `LISTEN/NOTIFY` channel of a schema's outbox: every transaction that writes outbox rows notifies it. */
export const outboxChannel = (schema: string): string => `swx_outbox_${schema}`.toLowerCase();

/** Delay before the listener's n-th consecutive reconnection attempt: 250 ms doubling up to 10 s. */
export function reconnectDelayMs(failures: number): number {
  return Math.min(250 * 2 ** Math.max(0, failures - 1), 10_000);
}

/** A channel name as a quoted SQL identifier (LISTEN takes no bind parameters). */
export function quoteChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`unsupported channel name "${channel}"`);
  return `"${channel}"`;
}

/** The connection settings of a data source's pool, for a dedicated listening connection named `applicationName`. */
export function listenerClientConfig(dataSource: DataSource, applicationName: string): ClientConfig {
  const driver = dataSource.driver as unknown as { master?: { options?: ClientConfig } };
  const base: ClientConfig = driver.master?.options
    ? { ...driver.master.options }
    : { connectionString: (dataSource.options as { url?: string }).url };
  delete (base as { max?: number }).max;
  return { ...base, application_name: applicationName };
}

export interface PgListenerLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * One dedicated PostgreSQL connection that `LISTEN`s on some channels and calls `onWake` for each notification,
 * and once after every (re)connection: whatever was committed while it was not listening is then picked up.
 * A lost connection (server restart, `pg_terminate_backend`, network) is reopened with backoff until `stop()`.
 * It sits idle on the socket between notifications: no polling.
 */
export class PgListener {
  private client?: Client;
  private stopped = true;
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private connectedOnce = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly channels: string[],
    private readonly onWake: (reason: 'notification' | 'connected') => void,
    private readonly log: PgListenerLog,
  ) {
    channels.forEach(quoteChannel);
  }

  /** Whether the connection is open and listening. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): void {
    if (this.stopped) return;
    const client = new Client({ keepAlive: true, keepAliveInitialDelayMillis: 10_000, ...this.config });
    let dead = false;
    const lost = (err?: unknown) => {
      if (dead) return;
      dead = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.failures++;
      const delay = reconnectDelayMs(this.failures);
      this.log.warn(
        { err, channels: this.channels, failures: this.failures, retryInMs: delay },
        'LISTEN connection lost; reconnecting',
      );
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
    // Both events come on a lost connection, and 'error' may come again after end(): the handler stays attached.
    client.on('error', lost);
    client.on('end', () => lost(new Error('connection ended')));
    client.on('notification', (n: Notification) => {
      if (!dead && this.channels.includes(n.channel)) this.onWake('notification');
    });
    client
      .connect()
      .then(() => client.query(this.channels.map((c) => `LISTEN ${quoteChannel(c)}`).join('; ')))
      .then(() => {
        if (dead) return;
        if (this.stopped) {
          dead = true;
          void client.end().catch(() => undefined);
          return;
        }
        this.client = client;
        if (this.failures > 0 || this.connectedOnce)
          this.log.info({ channels: this.channels }, 'LISTEN connection restored');
        this.failures = 0;
        this.connectedOnce = true;
        this.onWake('connected');
      }, lost);
  }
}
