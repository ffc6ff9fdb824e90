import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Message } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { Metrics } from '@swx/observability';

import { KafkaProducerService } from './kafka-producer.service';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  envelope: object;
}

const SENT_RETENTION = '7 days';

/**
 * Publishes the outbox in id order, a batch at a time: rows are marked sent in the same transaction that
 * selected them, after the broker acknowledged them. A crash between the two republishes the batch, and the
 * consumers' inboxes make that a no-op. A transaction-scoped advisory lock keeps one relay per schema active,
 * so several instances of a service never publish the same rows at once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private lastHousekeeping = 0;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly producer: KafkaProducerService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OutboxRelay.name);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** First step of shutdown: the loop ends before the database pool and the producer close. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  wake(): void {
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
    while (this.running) {
      try {
        const published = await this.publishBatch();
        failures = 0;
        await this.housekeeping();
        if (published >= this.options.outboxBatchSize) continue;
        await this.idle(this.options.outboxPollIntervalMs);
      } catch (e) {
        failures++;
        this.logger.warn({ err: e, failures }, 'outbox relay failed; retrying');
        await this.idle(Math.min(200 * 2 ** failures, 10_000));
      }
    }
  }

  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastHousekeeping < 10_000) return;
    this.lastHousekeeping = Date.now();
    const schema = this.options.schema;
    const [{ pending }] = await this.dataSource.query(
      `SELECT count(*)::int AS pending FROM "${schema}"."outbox" WHERE sent_at IS NULL`,
    );
    Metrics.outboxPending.set(pending);
    await this.dataSource.query(
      `DELETE FROM "${schema}"."outbox" WHERE sent_at < now() - interval '${SENT_RETENTION}'`,
    );
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
