import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { OutboxService } from '@swx/messaging';

import { CustomsEnv } from '../customs.env';
import { CaseStore } from '../matching/case-store';

/**
 * The periodic sweep: closes cases still incomplete after `CUSTOMS_CASE_TIMEOUT_SECONDS` and closes (899) released
 * lists past the return window. Rows are taken `FOR UPDATE SKIP LOCKED`, so several instances share the work.
 */
@Injectable()
export class SweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseStore,
    private readonly outbox: OutboxService,
    private readonly env: CustomsEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SweepService.name);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweepOnce()
        .catch((err: unknown) => this.logger.warn({ err }, 'sweep failed; next round retries'))
        .finally(() => (this.running = undefined));
    }, this.env.CUSTOMS_SWEEP_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweepOnce(): Promise<void> {
    const changed = await this.dataSource.transaction(
      async (manager) =>
        (await this.cases.timeOutCases(manager, this.env.CUSTOMS_CASE_TIMEOUT_SECONDS)) +
        (await this.cases.closeReleased(manager)),
    );
    if (changed > 0) this.outbox.committed();
  }
}
