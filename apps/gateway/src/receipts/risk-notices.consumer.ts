import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { MessageEnvelope, RiskNotice, Topics } from '@swx/contracts';
import { ConsumeTopicBatch } from '@swx/messaging';

import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';
import { RecordReceipt } from './record-receipt.usecase';

/**
 * Risk notices (an adverse risk decision told to the enterprise) arrive as receipts on one of its documents:
 * recorded like any receipt, so they reach the sender's receipt feed and its webhooks (`issuedBy: risk`).
 */
@Controller()
export class RiskNoticesConsumer {
  constructor(
    private readonly recordReceipt: RecordReceipt,
    private readonly deliveryWorker: WebhookDeliveryWorker,
  ) {}

  @ConsumeTopicBatch(Topics.RiskNoticeIssued, {
    afterCommit: (self: RiskNoticesConsumer) => self.deliveryWorker.wake(),
  })
  async onNotices(envelopes: MessageEnvelope<RiskNotice>[], manager: EntityManager): Promise<void> {
    await this.recordReceipt.executeAll(envelopes, manager);
  }
}
