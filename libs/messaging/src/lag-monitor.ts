import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';

import { Metrics } from '@swx/observability';

import { partitionLags } from './consumer-lag';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { MESSAGING_KAFKA } from './tokens';

/**
 * How often the lag is measured: a metadata and two offset requests per consumed topic (customs consumes about
 * twenty), the largest source of broker requests of an idle service. Once a minute, the pace of a Prometheus scrape
 * and far below the minutes a lag alert waits, rather than a poll.
 */
export const LAG_INTERVAL_MS = 60_000;

/** Publishes the consumer group's lag per partition as a Prometheus gauge every `LAG_INTERVAL_MS`. */
@Injectable()
export class LagMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private admin?: Admin;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(LagMonitor.name);
  }

  onApplicationBootstrap(): void {
    if (this.options.consumes.length === 0) return;
    this.timer = setInterval(() => void this.measure(), LAG_INTERVAL_MS);
    this.timer.unref();
  }

  async measure(): Promise<void> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const group = this.options.groupId;
      for (const { topic, partition, lag } of await partitionLags(this.admin, group, this.options.consumes)) {
        Metrics.consumerLag.set({ group, topic, partition: String(partition) }, lag);
      }
    } catch (e) {
      this.logger.debug({ err: e }, 'lag measurement failed');
      const admin = this.admin;
      this.admin = undefined;
      await admin?.disconnect().catch(() => undefined);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.admin?.disconnect().catch(() => undefined);
  }
}
