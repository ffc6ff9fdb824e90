import { Controller, Type } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { type DocumentAccepted, ImportOrderAccepted, Topics } from '@swx/contracts';
import { MessageConsumerService, OutboxService } from '@swx/messaging';

import { CaseStore } from '../matching/case-store';
import {
  type CaseSlot,
  ImportInventoryAccepted,
  ImportInventoryCancelAccepted,
  ImportPaymentAccepted,
  ImportRefundAccepted,
  ImportWaybillAccepted,
} from '../matching/documents';

/**
 * Every import document of the matching flow: order, payment, waybill and list fill their case's slots (receipt
 * 2, then 120 or 100 when the case is decided); a list cancel (CEB623) or a return (CEB625) acts on the case.
 */
@Controller()
export class DocumentsConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly outbox: OutboxService,
    private readonly cases: CaseStore,
  ) {}

  @EventPattern(Topics.ImportOrderAccepted.name)
  onOrder(@Ctx() context: KafkaContext): Promise<void> {
    return this.slot(context, ImportOrderAccepted, 'CEB311');
  }

  @EventPattern(Topics.ImportPaymentAccepted.name)
  onPayment(@Ctx() context: KafkaContext): Promise<void> {
    return this.slot(context, ImportPaymentAccepted, 'CEB411');
  }

  @EventPattern(Topics.ImportWaybillAccepted.name)
  onWaybill(@Ctx() context: KafkaContext): Promise<void> {
    return this.slot(context, ImportWaybillAccepted, 'CEB511');
  }

  @EventPattern(Topics.ImportInventoryAccepted.name)
  onList(@Ctx() context: KafkaContext): Promise<void> {
    return this.slot(context, ImportInventoryAccepted, 'CEB621');
  }

  @EventPattern(Topics.ImportInventoryCancelAccepted.name)
  async onCancel(@Ctx() context: KafkaContext): Promise<void> {
    const outcome = await this.consumer.consume(context, ImportInventoryCancelAccepted, (envelope, manager) =>
      this.cases
        .applyCancel(
          manager,
          envelope.payload.messageId,
          envelope.payload.document,
          envelope.payload.receivedAt,
          {
            correlationId: envelope.correlationId,
            causationId: envelope.id,
          },
        )
        .then(() => undefined),
    );
    if (outcome === 'processed') this.outbox.committed();
  }

  @EventPattern(Topics.ImportRefundAccepted.name)
  async onRefund(@Ctx() context: KafkaContext): Promise<void> {
    const outcome = await this.consumer.consume(context, ImportRefundAccepted, (envelope, manager) =>
      this.cases
        .applyRefund(
          manager,
          envelope.payload.messageId,
          envelope.payload.document,
          envelope.payload.receivedAt,
          {
            correlationId: envelope.correlationId,
            causationId: envelope.id,
          },
        )
        .then(() => undefined),
    );
    if (outcome === 'processed') this.outbox.committed();
  }

  private async slot<T extends object>(
    context: KafkaContext,
    payloadClass: Type<DocumentAccepted<T>>,
    slot: CaseSlot,
  ): Promise<void> {
    const outcome = await this.consumer.consume(context, payloadClass, async (envelope, manager) => {
      await this.cases.applyDocument(manager, {
        slot,
        messageId: envelope.payload.messageId,
        document: envelope.payload.document,
        receivedAt: envelope.payload.receivedAt,
        correlationId: envelope.correlationId,
        causationId: envelope.id,
      });
    });
    if (outcome === 'processed') this.outbox.committed();
  }
}
