import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Message } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import type { ClientConfig } from 'pg';
import { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';

import { Metrics } from '@swx/observability';

import { KafkaProducerService } from './kafka-producer.service';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { listenerClientConfig, outboxChannel, PgListener } from './pg-listener';

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  envelope: object;
}

const SENT_RETENTION = '7 days';
/** Sent rows older than the retention are deleted this often. */
const PURGE_INTERVAL_MS = 3_600_000;

/** Marks a query runner whose open transaction wrote outbox rows (set by OutboxService.enqueue). */
export const OUTBOX_WRITTEN = Symbol('outbox rows written in this transaction');

/** Remembers that the transaction of `queryRunner` wrote outbox rows, so its commit wakes the relay. */
export function markOutboxWrite(queryRunner: QueryRunner): void {
  (queryRunner.data as Record<symbol, boolean>)[OUTBOX_WRITTEN] = true;
}

/** The outermost transaction of a marked query runner ended: true (and the mark cleared) when it had written. */
export function takeOutboxWrite(queryRunner: QueryRunner | undefined): boolean {
  if (!queryRunner || queryRunner.isTransactionActive) return false; // a savepoint, the transaction goes on
  const data = queryRunner.data as Record<symbol, boolean> | undefined;
  if (!data?.[OUTBOX_WRITTEN]) return false;
  delete data[OUTBOX_WRITTEN];
  return true;
}

/**
 * Publishes the outbox in id order, a batch at a time: rows are marked sent in the same transaction that
 * selected them, after the broker acknowledged them. A crash between the two republishes the batch, and the
 * consumers' inboxes make that a no-op. A transaction-scoped advisory lock keeps one relay per schema active,
 * so several instances of a service never publish the same rows at once.
 *
 * It does not poll. It wakes when
 * - a transaction of this process that wrote outbox rows commits (TypeORM's `afterTransactionCommit`);
 * - any process commits outbox rows: `OutboxService.enqueue` issues `pg_notify` on the schema's channel, which
 *   PostgreSQL delivers at commit to the relay's dedicated `LISTEN` connection (another instance of the service,
 *   or this one while another instance held the lock); after that connection is (re)opened;
 * - the fallback sweep comes due (`outboxSweepIntervalMs`, long): a safety net, also for the pending gauge.
 * After a wake it lingers `outboxLingerMs` so that a burst of commits goes out as one batch.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private wakeRequested = false;
  private wakeUp?: () => void;
  private lastGauge = 0;
  private lastPurge = 0;
  private listener?: PgListener;
  private readonly commitWatch: EntitySubscriberInterface = {
    afterTransactionCommit: (event: TransactionCommitEvent) => {
      if (takeOutboxWrite(event.queryRunner)) this.wake();
    },
    afterTransactionRollback: (event) => {
      takeOutboxWrite(event.queryRunner);
    },
  };

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly producer: KafkaProducerService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OutboxRelay.name);
  }

  onApplicationBootstrap(): void {
    this.dataSource.subscribers.push(this.commitWatch);
    this.listener = new PgListener(
      this.listenerConfig(),
      [outboxChannel(this.options.schema)],
      () => this.wake(),
      { warn: (o, m) => this.logger.warn(o, m), info: (o, m) => this.logger.info(o, m) },
    );
    this.listener.start();
    this.running = true;
    this.loop = this.run();
  }

  /** First step of shutdown: the loop ends before the database pool and the producer close. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake();
    await this.listener?.stop();
    await this.loop;
    const i = this.dataSource.subscribers.indexOf(this.commitWatch);
    if (i >= 0) this.dataSource.subscribers.splice(i, 1);
  }

  /** Whether the relay's LISTEN connection is open (cross-process wake-ups arrive). */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /** New rows may have been committed: publish now (after the linger). Wakes are never lost, only merged. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /** Publishes one batch; returns how many rows it published. */
  async publishBatch(): Promise<number> {
    const schema = this.options.schema;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        `outbox:${schema}`,
      ]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, key, headers, envelope FROM "${schema}"."outbox" WHERE sent_at IS NULL ORDER BY id LIMIT $1`,
        [this.options.outboxBatchSize],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, Message[]>();
      for (const row of rows) {
        const messages = byTopic.get(row.topic) ?? [];
        messages.push({ key: row.key, value: JSON.stringify(row.envelope), headers: row.headers });
        byTopic.set(row.topic, messages);
      }
      await this.producer.sendBatch([...byTopic].map(([topic, messages]) => ({ topic, messages })));
      await manager.query(`UPDATE "${schema}"."outbox" SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      for (const [topic, messages] of byTopic) Metrics.messagesPublished.inc({ topic }, messages.length);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    let woken = true; // the first round publishes what an earlier run left
    while (this.running) {
      try {
        if (woken && this.options.outboxLingerMs > 0) await this.sleep(this.options.outboxLingerMs);
        // Wakes from here on are for commits this round may not see: they make another round.
        this.wakeRequested = false;
        const published = await this.publishBatch();
        failures = 0;
        await this.housekeeping();
        if (published >= this.options.outboxBatchSize) {
          woken = false;
          continue;
        }
        woken = await this.idle(this.options.outboxSweepIntervalMs);
      } catch (e) {
        failures++;
        this.logger.warn({ err: e, failures }, 'outbox relay failed; retrying');
        // The next round reads every unsent row: wakes that came during this one need no round of their own.
        this.wakeRequested = false;
        await this.idle(Math.min(200 * 2 ** failures, 10_000));
        woken = false;
      }
    }
  }

  /** The pending gauge at the sweep interval; the purge of old sent rows hourly. */
  private async housekeeping(): Promise<void> {
    const now = Date.now();
    const schema = this.options.schema;
    if (now - this.lastGauge >= Math.min(this.options.outboxSweepIntervalMs, 60_000)) {
      this.lastGauge = now;
      const [{ pending }] = await this.dataSource.query(
        `SELECT count(*)::int AS pending FROM "${schema}"."outbox" WHERE sent_at IS NULL`,
      );
      Metrics.outboxPending.set(pending);
    }
    if (now - this.lastPurge >= PURGE_INTERVAL_MS) {
      this.lastPurge = now;
      await this.dataSource.query(
        `DELETE FROM "${schema}"."outbox" WHERE sent_at < now() - interval '${SENT_RETENTION}'`,
      );
    }
  }

  /** Waits up to `ms`, or until woken; resolves true when woken (at once when a wake came meanwhile). */
  private idle(ms: number): Promise<boolean> {
    if (this.wakeRequested || !this.running) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve(woken);
      };
      const timer = setTimeout(() => done(false), ms);
      this.wakeUp = () => done(true);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** The data source's own connection settings (URL, credentials, TLS) under an application name of its own. */
  private listenerConfig(): ClientConfig {
    return listenerClientConfig(this.dataSource, `${this.options.service}-outbox-listener`);
  }
}
