import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  CebStatus,
  cebReturnTime,
  createEnvelope,
  DocumentReceipt,
  ImportOrderAccepted,
  MessageEnvelope,
  orderKey,
  Topics,
} from '@swx/contracts';
import { OutboxService } from '@swx/messaging';

import { DeclaredDocument } from './declared-document.entity';

/**
 * Records an accepted order for customs and answers the sender with the arrival receipt (returnStatus 2,
 * 电子口岸申报中). Matching against payment, waybill and list comes with the customs matching feature.
 */
@Injectable()
export class RecordDeclaredOrder {
  constructor(private readonly outbox: OutboxService) {}

  async execute(envelope: MessageEnvelope<ImportOrderAccepted>, manager: EntityManager): Promise<void> {
    const { messageId, document: order, receivedAt } = envelope.payload;
    const head = order.OrderHead;
    await manager.insert(DeclaredDocument, {
      messageId,
      documentType: 'CEB311',
      ebpCode: head.ebpCode,
      orderNo: head.orderNo,
      appType: head.appType,
      appTime: head.appTime,
      document: order,
      receivedAt: new Date(receivedAt),
    });
    const receipt: DocumentReceipt = {
      messageId,
      documentType: 'CEB311',
      orderNo: head.orderNo,
      ebpCode: head.ebpCode,
      returnStatus: CebStatus.Declaring,
      returnTime: cebReturnTime(),
      returnInfo: '电子口岸申报中',
    };
    await this.outbox.enqueue(
      manager,
      Topics.DocumentReceipt.name,
      createEnvelope({
        type: Topics.DocumentReceipt.messageType,
        version: Topics.DocumentReceipt.version,
        producer: 'customs',
        key: orderKey(head.orderNo),
        correlationId: envelope.correlationId,
        causationId: envelope.id,
        payload: receipt,
      }),
    );
  }
}
