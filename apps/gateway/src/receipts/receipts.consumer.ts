import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { DocumentReceipt, MessageEnvelope, Topics } from '@swx/contracts';
import { ConsumeTopicBatch } from '@swx/messaging';

import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';
import { RecordReceipt } from './record-receipt.usecase';

@Controller()
export class ReceiptsConsumer {
  constructor(
    private readonly recordReceipt: RecordReceipt,
    private readonly deliveryWorker: WebhookDeliveryWorker,
  ) {}

  // The receipt's deliveries are committed once it is processed: push them without waiting for the worker's
  // next poll.
  // Receipts come in bursts (several per document): a whole chunk is recorded in two statements.
  @ConsumeTopicBatch(Topics.DocumentReceipt, {
    afterCommit: (self: ReceiptsConsumer) => self.deliveryWorker.wake(),
  })
  onReceipts(envelopes: MessageEnvelope<DocumentReceipt>[], manager: EntityManager): Promise<void> {
    return this.recordReceipt.executeAll(envelopes, manager);
  }
}
