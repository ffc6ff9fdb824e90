import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { DocumentReceipt, MessageEnvelope, Topics } from '@swx/contracts';
import { ConsumeTopicBatch } from '@swx/messaging';

import { EventFeed } from '../events/event-feed';
import { EventNotifier } from '../events/event-notifier';
import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';
import { RecordReceipt } from './record-receipt.usecase';

@Controller()
export class ReceiptsConsumer {
  constructor(
    private readonly recordReceipt: RecordReceipt,
    private readonly deliveryWorker: WebhookDeliveryWorker,
    private readonly eventFeed: EventFeed,
    private readonly eventNotifier: EventNotifier,
  ) {}

  // The receipt's deliveries are committed once it is processed: push them without waiting for the worker's
  // next poll.
  // Receipts come in bursts (several per document): a whole chunk is recorded in two statements.
  @ConsumeTopicBatch(Topics.DocumentReceipt, {
    afterCommit: (self: ReceiptsConsumer) => {
      self.deliveryWorker.wake();
      self.eventNotifier.notify();
    },
  })
  async onReceipts(envelopes: MessageEnvelope<DocumentReceipt>[], manager: EntityManager): Promise<void> {
    await this.recordReceipt.executeAll(envelopes, manager);
    // Receipts are an external topic too: regulators follow them in the event feed.
    await this.eventFeed.record(Topics.DocumentReceipt, envelopes, manager);
  }
}
