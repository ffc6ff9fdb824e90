import type { EntityManager } from 'typeorm';

/**
 * A decision about an enterprise that answers no document (a credit grade, a list, a forex or logistics
 * anomaly), told to it like a receipt: in its receipt feed and through its webhooks (ARCHITECTURE: adverse
 * decisions are told, with the reason and the way to respond).
 */
export interface EnterpriseNotice {
  /** Id of the Kafka message that carried the decision: the notice's `messageId` too, and its idempotency key. */
  eventId: string;
  enterpriseCode: string;
  /** `CREDIT`, `FOREX`, `LOGISTICS` (at most 10 characters). */
  documentType: string;
  /** The service that decided. */
  issuedBy: string;
  /** At most 4 characters: a grade, `BL+`, `AN+`/`AN-` … */
  returnStatus: string;
  /** YYYYMMDDhhmmssSSS, China time. */
  returnTime: string;
  returnInfo: string;
}

/** Records the notice with its webhook deliveries, in the consumer's transaction; a redelivery is a no-op. */
export async function recordNotice(manager: EntityManager, n: EnterpriseNotice): Promise<void> {
  await manager.query(
    `WITH recorded AS (
       INSERT INTO gateway.receipt (event_id, message_id, document_type, return_status, return_time, return_info,
         issued_by, sender_code)
       VALUES ($1, $1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING id, sender_code
     )
     INSERT INTO gateway.webhook_delivery (subscription_id, receipt_id)
     SELECT s.id, recorded.id FROM recorded
       JOIN gateway.webhook_subscription s ON s.enterprise_code = recorded.sender_code AND s.deleted_at IS NULL
     ON CONFLICT (subscription_id, receipt_id) DO NOTHING`,
    [
      n.eventId,
      n.documentType,
      n.returnStatus,
      n.returnTime,
      n.returnInfo.slice(0, 1000),
      n.issuedBy,
      n.enterpriseCode,
    ],
  );
}
