import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { CustomsEnv } from '../customs.env';
import { CaseStore } from '../matching/case-store';

/**
 * The periodic sweep: closes cases still incomplete after `CUSTOMS_CASE_TIMEOUT_SECONDS` and closes (899) released
 * lists past the return window. Rows are taken `FOR UPDATE SKIP LOCKED`, so several instances share the work.
 * Its deadlines are a day and more, so it runs every `CUSTOMS_SWEEP_INTERVAL_MS` (a minute by default): two
 * indexed queries a minute, nothing measurable while idle. The events it writes wake the outbox relay on commit.
 */
@Injectable()
export class SweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseStore,
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
    await this.dataSource.transaction(
      async (manager) =>
        (await this.cases.timeOutCases(manager, this.env.CUSTOMS_CASE_TIMEOUT_SECONDS)) +
        (await this.cases.closeReleased(manager)),
    );
  }
}
