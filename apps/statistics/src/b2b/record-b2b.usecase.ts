import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type {
  DocumentAccepted,
  ExportOrder,
  ExportReceipt,
  ExportWaybill,
  MessageEnvelope,
} from '@swx/contracts';

import { type B2bKind, orderFacts, receiptFacts, waybillFacts } from './verification';

/**
 * Keeps the export orders, payment receipts and waybills B2B verification needs, the latest declaration of each
 * (by appTime; a deletion, appType 3, withdraws it). Verification itself is computed when read, so documents
 * coming before or after their list, twice or on two instances give the same answer.
 */
@Injectable()
export class RecordB2bDocuments {
  order(envelope: MessageEnvelope<DocumentAccepted<ExportOrder>>, m: EntityManager): Promise<void> {
    const d = envelope.payload.document;
    // Only B2B orders (B: 9710, W: 9810) are verified; B2C orders (E) are not kept.
    if (d.OrderHead.orderType === 'E') return Promise.resolve();
    return this.keep('order', orderFacts(d), d.OrderHead.appType, m);
  }

  receipt(envelope: MessageEnvelope<DocumentAccepted<ExportReceipt>>, m: EntityManager): Promise<void> {
    const d = envelope.payload.document;
    return this.keep('receipt', receiptFacts(d), d.Receipts.appType, m);
  }

  waybill(envelope: MessageEnvelope<DocumentAccepted<ExportWaybill>>, m: EntityManager): Promise<void> {
    const d = envelope.payload.document;
    return this.keep('waybill', waybillFacts(d), d.Logistics.appType, m);
  }

  private async keep(
    kind: B2bKind,
    doc: { key: string; appTime: string; facts: object },
    appType: string,
    m: EntityManager,
  ): Promise<void> {
    await m.query(
      `INSERT INTO "statistics"."b2b_document" (kind, doc_key, app_time, facts) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (kind, doc_key) DO UPDATE SET app_time = EXCLUDED.app_time, facts = EXCLUDED.facts
       WHERE "statistics"."b2b_document".app_time <= EXCLUDED.app_time`,
      [kind, doc.key, doc.appTime, appType === '3' ? null : JSON.stringify(doc.facts)],
    );
  }
}
