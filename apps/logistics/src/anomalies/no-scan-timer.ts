import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';

import { PgListener } from '@swx/messaging';

import { stateOf, WaybillTimeline } from '../timeline/waybill-timeline';
import { AnomalyLedger, SCAN_DUE_CHANNEL } from './anomaly-ledger';

/** setTimeout's longest delay; a later due time is re-armed when this one fires. */
const MAX_DELAY_MS = 2_147_483_647;
/** Due rows taken in one transaction. */
const BATCH = 200;

/**
 * The no-scan-after-release rule's clock. Due times sit in `scan_due` (one per released, unscanned waybill); the
 * timer is armed for the earliest one only, and re-armed when a due time is written (any instance: NOTIFY) or
 * after it fired. Nothing runs while nothing is due. Instances take due rows with SKIP LOCKED, each waybill under
 * its row lock, and the anomaly ledger publishes each anomaly once.
 */
@Injectable()
export class NoScanTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private listener?: PgListener;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: WaybillTimeline,
    private readonly ledger: AnomalyLedger,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(NoScanTimer.name);
  }

  onApplicationBootstrap(): void {
    const driver = this.dataSource.driver as unknown as { master?: { options?: ClientConfig } };
    const config: ClientConfig = driver.master?.options
      ? { ...driver.master.options }
      : { connectionString: (this.dataSource.options as { url?: string }).url };
    delete (config as { max?: number }).max;
    this.listener = new PgListener(
      { ...config, application_name: 'logistics-scan-due-listener' },
      [SCAN_DUE_CHANNEL],
      () => void this.arm(),
      this.logger,
    );
    this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.listener?.stop();
  }

  /** Arms the timer for the earliest due time (or fires now when it has passed). */
  async arm(): Promise<void> {
    if (this.stopped) return;
    try {
      const [row] = (await this.dataSource.query(
        `SELECT min(due_at) AS due_at FROM "logistics"."scan_due"`,
      )) as { due_at: Date | null }[];
      clearTimeout(this.timer);
      this.timer = undefined;
      if (!row?.due_at) return;
      const delay = Math.min(Math.max(0, row.due_at.getTime() - Date.now()), MAX_DELAY_MS);
      this.timer = setTimeout(() => void this.fire(), delay);
    } catch (err) {
      this.logger.warn({ err }, 'could not read the next no-scan due time; retrying in 5 s');
      this.timer = setTimeout(() => void this.arm(), 5000);
    }
  }

  private async fire(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      let taken: number;
      do {
        taken = await this.dataSource.transaction(async (manager) => {
          const due: { logistics_no: string }[] = await manager.query(
            `SELECT logistics_no FROM "logistics"."scan_due" WHERE due_at <= now()
              ORDER BY due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          );
          for (const { logistics_no } of due) {
            const row = await this.timeline.lock(manager, logistics_no);
            if (row.logistics_code && row.released_at) {
              const cause = { correlationId: `no-scan:${logistics_no}` };
              await this.ledger.noScanDue(manager, cause, row.logistics_code, stateOf(row, []));
            }
            await manager.query(`DELETE FROM "logistics"."scan_due" WHERE logistics_no = $1`, [logistics_no]);
          }
          return due.length;
        });
      } while (taken === BATCH && !this.stopped);
    } catch (err) {
      this.logger.warn({ err }, 'no-scan check failed; trying again in 5 s');
      this.running = false;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.fire(), 5000);
      return;
    }
    this.running = false;
    this.again = false;
    await this.arm();
  }
}
