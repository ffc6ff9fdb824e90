import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { DocumentReceipt, MessageEnvelope } from '@swx/contracts';

import { WebhookDeliveries } from '../webhooks/webhook-deliveries';
import { documentKeysOf } from './document-keys';
import { ReceiptRecord } from './receipt.entity';

/**
 * Keeps a service's receipt so the sender of the document can read it, and creates its webhook deliveries in the
 * same transaction: a recorded receipt is always pushed, a push never announces an unrecorded one.
 */
@Injectable()
export class RecordReceipt {
  constructor(private readonly webhooks: WebhookDeliveries) {}

  async execute(envelope: MessageEnvelope<DocumentReceipt>, manager: EntityManager): Promise<void> {
    const r = envelope.payload;
    const [message]: { sender_code: string; document: unknown }[] = await manager.query(
      'SELECT sender_code, document FROM gateway.message_log WHERE id = $1',
      [r.messageId],
    );
    const keys = message ? documentKeysOf(message.document) : {};
    const inserted = await manager.insert(ReceiptRecord, {
      eventId: envelope.id,
      messageId: r.messageId,
      documentType: r.documentType,
      returnStatus: r.returnStatus,
      returnTime: r.returnTime,
      returnInfo: r.returnInfo,
      issuedBy: envelope.producer,
      senderCode: message?.sender_code ?? null,
      ebpCode: r.ebpCode,
      orderNo: r.orderNo,
      documentGuid: keys.guid ?? null,
      documentKeys: keys,
    });
    if (message) {
      const receiptId = String((inserted.identifiers[0] as { id: string | number }).id);
      await this.webhooks.enqueueForReceipt(manager, receiptId, message.sender_code);
    }
  }
}
