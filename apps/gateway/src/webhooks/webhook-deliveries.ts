import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Creates the deliveries of a receipt, inside the transaction that records it. */
@Injectable()
export class WebhookDeliveries {
  /** One pending delivery per active subscription of the sender; returns how many were created. */
  async enqueueForReceipt(manager: EntityManager, receiptId: string, senderCode: string): Promise<number> {
    const created: unknown[] = await manager.query(
      `INSERT INTO gateway.webhook_delivery (subscription_id, receipt_id)
       SELECT s.id, $1 FROM gateway.webhook_subscription s
       WHERE s.enterprise_code = $2 AND s.deleted_at IS NULL
       ON CONFLICT (subscription_id, receipt_id) DO NOTHING
       RETURNING id`,
      [receiptId, senderCode],
    );
    return created.length;
  }
}
