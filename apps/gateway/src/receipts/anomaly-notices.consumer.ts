import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  type AnomalyReported,
  cebReturnTime,
  MessageEnvelope,
  type TopicDefinition,
  Topics,
} from '@swx/contracts';
import { ConsumeTopicBatch } from '@swx/messaging';

import { EventFeed } from '../events/event-feed';
import { EventNotifier } from '../events/event-notifier';
import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';
import { recordNotice } from './notices';

/** How an enterprise answers an anomaly, by the service that found it. */
const RESPONSE: Record<string, { documentType: string; respond: string }> = {
  forex: {
    documentType: 'FOREX',
    respond:
      'Settle or declare the missing funds and fees (POST /v1/forex/settlements, /v1/forex/fee-declarations) or contact SAFE (外汇局); the finding is withdrawn when a later verification no longer finds it.',
  },
  logistics: {
    documentType: 'LOGISTICS',
    respond:
      'Send the missing carrier scans or correct the waybill (POST /v1/logistics/tracking-events); the finding is withdrawn when its cause is corrected.',
  },
};

/**
 * Forex verification anomalies and logistics anomalies about an enterprise reach it like receipts (feed and
 * webhooks): `documentType` `FOREX` or `LOGISTICS`, `returnStatus` `AN+` when found and `AN-` when withdrawn,
 * `returnInfo` the rule, the reason, the evidence and what to do. The messages are kept in the event feed too.
 */
@Controller()
export class AnomalyNoticesConsumer {
  constructor(
    private readonly deliveryWorker: WebhookDeliveryWorker,
    private readonly eventFeed: EventFeed,
    private readonly eventNotifier: EventNotifier,
  ) {}

  private wake(): void {
    this.deliveryWorker.wake();
    this.eventNotifier.notify();
  }

  @ConsumeTopicBatch(Topics.ForexVerificationAnomaly, {
    afterCommit: (self: AnomalyNoticesConsumer) => self.wake(),
  })
  onForex(envelopes: MessageEnvelope<AnomalyReported>[], manager: EntityManager): Promise<void> {
    return this.notify(Topics.ForexVerificationAnomaly, envelopes, manager);
  }

  @ConsumeTopicBatch(Topics.LogisticsAnomalyReported, {
    afterCommit: (self: AnomalyNoticesConsumer) => self.wake(),
  })
  onLogistics(envelopes: MessageEnvelope<AnomalyReported>[], manager: EntityManager): Promise<void> {
    return this.notify(Topics.LogisticsAnomalyReported, envelopes, manager);
  }

  private async notify(
    topic: TopicDefinition,
    envelopes: MessageEnvelope<AnomalyReported>[],
    manager: EntityManager,
  ): Promise<void> {
    await this.eventFeed.record(topic, envelopes, manager);
    const { documentType, respond } = RESPONSE[topic.producer];
    for (const envelope of envelopes) {
      const a = envelope.payload;
      const found = a.status === 'detected';
      await recordNotice(manager, {
        eventId: envelope.id,
        enterpriseCode: a.enterpriseCode,
        documentType,
        issuedBy: topic.producer,
        returnStatus: found ? 'AN+' : 'AN-',
        returnTime: cebReturnTime(new Date(a.occurredAt)),
        returnInfo:
          `[Code:${a.kind};Desc:${found ? '异常 anomaly found' : '异常撤销 anomaly withdrawn'} (${a.severity})` +
          `${a.period ? `, period ${a.period}` : ''}] ${a.reason}` +
          `${a.evidence.length > 0 ? ` Evidence: ${a.evidence.join(', ')}.` : ''}${found ? ` ${respond}` : ''}`,
      });
    }
  }
}
