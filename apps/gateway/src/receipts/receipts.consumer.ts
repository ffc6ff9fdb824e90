import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { DocumentReceipt, Topics } from '@swx/contracts';
import { MessageConsumerService } from '@swx/messaging';

import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';
import { RecordReceipt } from './record-receipt.usecase';

@Controller()
export class ReceiptsConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly recordReceipt: RecordReceipt,
    private readonly deliveryWorker: WebhookDeliveryWorker,
  ) {}

  @EventPattern(Topics.DocumentReceipt.name)
  async onReceipt(@Ctx() context: KafkaContext): Promise<void> {
    const outcome = await this.consumer.consume(context, DocumentReceipt, (envelope, manager) =>
      this.recordReceipt.execute(envelope, manager),
    );
    // The receipt's deliveries are committed now: push them without waiting for the worker's next poll.
    if (outcome === 'processed') this.deliveryWorker.wake();
  }
}
