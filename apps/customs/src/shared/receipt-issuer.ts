import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { cebReturnTime, type CebMessageType, DocumentReceipt, Topics } from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

export interface ReceiptInput {
  /** Gateway message id of the document the receipt answers. */
  messageId: string;
  documentType: CebMessageType;
  /** The order number, when the document has one: receipts are keyed by it (else by `messageId`). */
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
  constructor(private readonly publisher: EventPublisher) {}

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
    await this.publisher.publish(manager, Topics.DocumentReceipt, receipt, {
      correlationId: input.correlationId,
      causationId: input.causationId,
    });
  }
}

/** `[Code:…;Desc:…]` entries, the way customs writes failed checks into `returnInfo`. */
export const cebReturnInfo = (entries: { code: string; message: string }[]): string =>
  entries.map((e) => `[Code:${e.code};Desc:${e.message}]`).join('');
