import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { type DocumentAccepted, MessageEnvelope, type PayloadOf, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { CaseStore } from '../matching/case-store';
import type { CaseSlot } from '../matching/documents';

/**
 * Every import document of the matching flow: order, payment, waybill and list fill their case's slots (receipt
 * 2, then 120 or 100 when the case is decided); a list cancel (CEB623) or a return (CEB625) acts on the case.
 */
@Controller()
export class DocumentsConsumer {
  constructor(private readonly cases: CaseStore) {}

  @ConsumeTopic(Topics.ImportOrderAccepted)
  onOrder(envelope: MessageEnvelope<PayloadOf<typeof Topics.ImportOrderAccepted>>, manager: EntityManager) {
    return this.slot(envelope, manager, 'CEB311');
  }

  @ConsumeTopic(Topics.ImportPaymentAccepted)
  onPayment(
    envelope: MessageEnvelope<PayloadOf<typeof Topics.ImportPaymentAccepted>>,
    manager: EntityManager,
  ) {
    return this.slot(envelope, manager, 'CEB411');
  }

  @ConsumeTopic(Topics.ImportWaybillAccepted)
  onWaybill(
    envelope: MessageEnvelope<PayloadOf<typeof Topics.ImportWaybillAccepted>>,
    manager: EntityManager,
  ) {
    return this.slot(envelope, manager, 'CEB511');
  }

  @ConsumeTopic(Topics.ImportInventoryAccepted)
  onList(
    envelope: MessageEnvelope<PayloadOf<typeof Topics.ImportInventoryAccepted>>,
    manager: EntityManager,
  ) {
    return this.slot(envelope, manager, 'CEB621');
  }

  @ConsumeTopic(Topics.ImportInventoryCancelAccepted)
  async onCancel(
    envelope: MessageEnvelope<PayloadOf<typeof Topics.ImportInventoryCancelAccepted>>,
    manager: EntityManager,
  ): Promise<void> {
    const { messageId, document, receivedAt } = envelope.payload;
    await this.cases.applyCancel(manager, messageId, document, receivedAt, {
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
  }

  @ConsumeTopic(Topics.ImportRefundAccepted)
  async onRefund(
    envelope: MessageEnvelope<PayloadOf<typeof Topics.ImportRefundAccepted>>,
    manager: EntityManager,
  ): Promise<void> {
    const { messageId, document, receivedAt } = envelope.payload;
    await this.cases.applyRefund(manager, messageId, document, receivedAt, {
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
  }

  private async slot<T extends object>(
    envelope: MessageEnvelope<DocumentAccepted<T>>,
    manager: EntityManager,
    slot: CaseSlot,
  ): Promise<void> {
    await this.cases.applyDocument(manager, {
      slot,
      messageId: envelope.payload.messageId,
      document: envelope.payload.document,
      ...(envelope.payload.masked ? { masked: envelope.payload.masked } : {}),
      receivedAt: envelope.payload.receivedAt,
      senderCode: envelope.payload.senderCode,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
  }
}
