import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { DocumentReceipt, MessageEnvelope } from '@swx/contracts';

import { documentKeysOf } from './document-keys';
import { LIST_OUTCOME_TYPES } from './receipt-queries';

/**
 * Keeps a service's receipt so the sender of the document (and, for a list, the platform of its order) can read it,
 * and creates their webhook deliveries in the
 * same transaction: a recorded receipt is always pushed, a push never announces an unrecorded one.
 */
@Injectable()
export class RecordReceipt {
  /**
   * Many receipts in two statements whatever their number: their documents' senders and keys in one lookup, then
   * the receipts (in the order given, so the feed keeps it) and their webhook deliveries in one statement.
   */
  async executeAll(envelopes: MessageEnvelope<DocumentReceipt>[], manager: EntityManager): Promise<void> {
    if (envelopes.length === 0) return;
    const messages: { id: string; sender_code: string; document: unknown }[] = await manager.query(
      'SELECT id::text, sender_code, document FROM gateway.message_log WHERE id = ANY($1::uuid[])',
      [[...new Set(envelopes.map((e) => e.payload.messageId))]],
    );
    const byId = new Map(messages.map((m) => [m.id, m]));
    const rows = envelopes.map((envelope, ord) => {
      const r = envelope.payload;
      const message = byId.get(r.messageId.toLowerCase());
      const keys = message ? documentKeysOf(message.document) : {};
      return {
        ord,
        event_id: envelope.id,
        message_id: r.messageId,
        document_type: r.documentType,
        return_status: r.returnStatus,
        return_time: r.returnTime,
        return_info: r.returnInfo,
        issued_by: envelope.producer,
        sender_code: message?.sender_code ?? null,
        ebp_code: r.ebpCode ?? null,
        order_no: r.orderNo ?? null,
        document_guid: keys.guid ?? null,
        document_keys: keys,
      };
    });
    await manager.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(ord int, event_id uuid, message_id uuid,
           document_type varchar(10), return_status varchar(7), return_time char(17), return_info text,
           issued_by text, sender_code varchar(18), ebp_code varchar(18), order_no varchar(60),
           document_guid varchar(36), document_keys jsonb)
       ), recorded AS (
         INSERT INTO gateway.receipt (event_id, message_id, document_type, return_status, return_time, return_info,
           issued_by, sender_code, ebp_code, order_no, document_guid, document_keys)
         SELECT event_id, message_id, document_type, return_status, return_time, return_info, issued_by,
           sender_code, ebp_code, order_no, document_guid, document_keys
           FROM r ORDER BY ord
         RETURNING id, sender_code, ebp_code, document_type
       )
       INSERT INTO gateway.webhook_delivery (subscription_id, receipt_id)
       SELECT s.id, recorded.id FROM recorded
         JOIN gateway.webhook_subscription s ON s.enterprise_code = recorded.sender_code AND s.deleted_at IS NULL
       UNION
       SELECT s.id, recorded.id FROM recorded
         JOIN gateway.webhook_subscription s ON s.enterprise_code = recorded.ebp_code AND s.deleted_at IS NULL
         WHERE recorded.document_type = ANY($2)
       ON CONFLICT (subscription_id, receipt_id) DO NOTHING`,
      [JSON.stringify(rows), LIST_OUTCOME_TYPES],
    );
  }
}
