import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { cebReturnTime, type CebMessageType, createEnvelope, DocumentReceipt, Topics } from '@swx/contracts';
import { OutboxService } from '@swx/messaging';

export interface ReceiptInput {
  /** Gateway message id of the document the receipt answers. */
  messageId: string;
  documentType: CebMessageType;
  /** Kafka key: the order number (or the document's own key when it has none). */
  key: string;
  orderNo?: string;
  ebpCode?: string;
  /** CEB status (2, 120, 100, 399, 800…) or a negative business error code. */
  returnStatus: string;
  /** For people; failed rules as `[Code:…;Desc:…]`. */
  returnInfo: string;
  correlationId: string;
  causationId?: string;
}

/** Issues a CEB-style receipt to the sender of a document, through the outbox of the caller's transaction. */
@Injectable()
export class ReceiptIssuer {
  constructor(private readonly outbox: OutboxService) {}

  async issue(manager: EntityManager, input: ReceiptInput, at: Date = new Date()): Promise<void> {
    const receipt: DocumentReceipt = {
      messageId: input.messageId,
      documentType: input.documentType,
      ...(input.orderNo ? { orderNo: input.orderNo } : {}),
      ...(input.ebpCode ? { ebpCode: input.ebpCode } : {}),
      returnStatus: input.returnStatus,
      returnTime: cebReturnTime(at),
      returnInfo: input.returnInfo.slice(0, 1000),
    };
    await this.outbox.enqueue(
      manager,
      Topics.DocumentReceipt.name,
      createEnvelope({
        type: Topics.DocumentReceipt.messageType,
        version: Topics.DocumentReceipt.version,
        producer: 'customs',
        key: input.key,
        correlationId: input.correlationId,
        causationId: input.causationId,
        payload: receipt,
      }),
    );
  }
}

/** `[Code:…;Desc:…]` entries, the way customs writes failed checks into `returnInfo`. */
export const cebReturnInfo = (entries: { code: string; message: string }[]): string =>
  entries.map((e) => `[Code:${e.code};Desc:${e.message}]`).join('');
