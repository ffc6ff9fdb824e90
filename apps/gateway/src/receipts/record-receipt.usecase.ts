import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { DocumentReceipt, MessageEnvelope } from '@swx/contracts';

import { ReceiptRecord } from './receipt.entity';

/** Keeps a service's receipt so the sender of the document can read it. */
@Injectable()
export class RecordReceipt {
  async execute(envelope: MessageEnvelope<DocumentReceipt>, manager: EntityManager): Promise<void> {
    const r = envelope.payload;
    await manager.insert(ReceiptRecord, {
      eventId: envelope.id,
      messageId: r.messageId,
      documentType: r.documentType,
      returnStatus: r.returnStatus,
      returnTime: r.returnTime,
      returnInfo: r.returnInfo,
      issuedBy: envelope.producer,
    });
  }
}
