import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { createEnvelope, ImportOrder, ImportOrderAccepted, orderKey, Topics } from '@swx/contracts';
import { OutboxService } from '@swx/messaging';

import { MessageLogEntry } from './message-log.entity';

export interface IncomingDocument<T> {
  document: T;
  rawBody: string;
  contentType: string;
  correlationId: string;
}

export interface Acceptance {
  messageId: string;
  correlationId: string;
  receivedAt: string;
}

/** Stores a CEB311 order in the message log and its acceptance event in the outbox, in one transaction. */
@Injectable()
export class AcceptImportOrder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async execute(input: IncomingDocument<ImportOrder>): Promise<Acceptance> {
    const head = input.document.OrderHead;
    const messageId = randomUUID();
    const receivedAt = new Date();
    const payload: ImportOrderAccepted = {
      messageId,
      messageType: 'CEB311',
      senderCode: head.ebpCode,
      receivedAt: receivedAt.toISOString(),
      document: input.document,
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(MessageLogEntry, {
        id: messageId,
        documentType: 'CEB311',
        senderCode: head.ebpCode,
        ebpCode: head.ebpCode,
        orderNo: head.orderNo,
        contentType: input.contentType,
        rawBody: input.rawBody,
        correlationId: input.correlationId,
        receivedAt,
      });
      await this.outbox.enqueue(
        manager,
        Topics.ImportOrderAccepted.name,
        createEnvelope({
          type: Topics.ImportOrderAccepted.messageType,
          version: Topics.ImportOrderAccepted.version,
          producer: 'gateway',
          key: orderKey(head.orderNo),
          correlationId: input.correlationId,
          payload,
        }),
      );
    });
    this.outbox.committed();
    return { messageId, correlationId: input.correlationId, receivedAt: receivedAt.toISOString() };
  }
}
