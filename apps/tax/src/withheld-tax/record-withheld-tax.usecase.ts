import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ImportOrderAccepted, MessageEnvelope } from '@swx/contracts';

import { WithheldTax } from './withheld-tax.entity';

@Injectable()
export class RecordWithheldTax {
  async execute(envelope: MessageEnvelope<ImportOrderAccepted>, manager: EntityManager): Promise<void> {
    const head = envelope.payload.document.OrderHead;
    await manager.insert(WithheldTax, {
      messageId: envelope.payload.messageId,
      ebpCode: head.ebpCode,
      orderNo: head.orderNo,
      appTime: head.appTime,
      taxTotal: head.taxTotal,
    });
  }
}
