import { Controller, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  type ImportInventory,
  type MessageEnvelope,
  type RiskInspectionRequested,
  Topics,
} from '@swx/contracts';
import { causationOf, ConsumeTopic, EventPublisher } from '@swx/messaging';

/** List statuses after release: a risk request opens a post-release check (稽核) instead of an inspection. */
const RELEASED = new Set(['800', '899']);
/** List statuses where an inspection is already under way or done: the request is noted, nothing more. */
const INSPECTED = new Set(['500', '501', '502', '503', '599']);

/**
 * The pending risk inspection request of an order, if any: the release decision (CaseStore.applyAssessment)
 * sends such a list to inspection (500) instead of releasing it, and marks its requests applied (the first one
 * is named in the receipt).
 */
export async function takePendingRiskInspection(
  manager: EntityManager,
  orderNo: string,
): Promise<{ caseId: string; ruleCode: string } | undefined> {
  const rows: { case_id: string; rule_code: string }[] = await manager.query(
    // A CTE, so the driver answers rows (a bare UPDATE … RETURNING answers [rows, count]).
    `WITH taken AS (
       UPDATE "customs"."risk_inspection_request" SET outcome = 'inspection', applied_at = now()
       WHERE order_no = $1 AND outcome = 'pending'
       RETURNING case_id, rule_code, requested_at, request_id)
     SELECT case_id, rule_code FROM taken ORDER BY requested_at, request_id`,
    [orderNo],
  );
  return rows[0] && { caseId: rows[0].case_id, ruleCode: rows[0].rule_code };
}

/**
 * Records a risk case's inspection request. It takes the order's case row first (the lock the release decision
 * takes), so a request and a release of one list are applied one after the other: a request before release
 * waits for the decision (inspection instead of release); after release it opens a post-release check,
 * published as a clearance event. Never holds a release: a list decided before the request is not reopened.
 */
@Injectable()
export class ApplyRiskInspection {
  constructor(private readonly publisher: EventPublisher) {}

  async execute(envelope: MessageEnvelope<RiskInspectionRequested>, manager: EntityManager): Promise<void> {
    const r = envelope.payload;
    const cases: {
      list_status: string | null;
      slots: { CEB621?: { messageId: string; document: ImportInventory | null } };
    }[] = await manager.query(
      `SELECT list_status, slots FROM "customs"."import_case" WHERE order_no = $1 FOR UPDATE`,
      [r.orderNo],
    );
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "customs"."risk_inspection_request"
         (request_id, order_no, case_id, rule_code, requested_by, reason, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
      [r.requestId, r.orderNo, r.caseId, r.ruleCode, r.requestedBy, r.reason, r.requestedAt],
    );
    if (inserted.length === 0) return;
    const row = cases[0];
    const status = row?.list_status ?? '';
    if (INSPECTED.has(status)) {
      await this.mark(manager, r.requestId, 'already-inspected');
      return;
    }
    if (!RELEASED.has(status)) return;
    await this.mark(manager, r.requestId, 'post-release-check');
    const list = row.slots.CEB621;
    const head = list?.document?.InventoryHead;
    if (!list) return;
    await this.publisher.publish(
      manager,
      Topics.ClearanceStatusChanged,
      {
        event: 'post-release-check',
        flow: 'import',
        listMessageId: list.messageId,
        listIdentity: head ? `${head.ebcCode}:${head.orderNo}` : `:${r.orderNo}`,
        orderNo: r.orderNo,
        returnStatus: status,
        returnInfo: `[Code:2800;Desc:放行后稽核 风险案件 ${r.caseId} ${r.ruleCode}]`,
        occurredAt: new Date().toISOString(),
      },
      causationOf(envelope),
    );
  }

  private async mark(manager: EntityManager, requestId: string, outcome: string): Promise<void> {
    await manager.query(
      `UPDATE "customs"."risk_inspection_request" SET outcome = $2, applied_at = now() WHERE request_id = $1`,
      [requestId, outcome],
    );
  }
}

@Controller()
export class RiskInspectionConsumer {
  constructor(private readonly apply: ApplyRiskInspection) {}

  @ConsumeTopic(Topics.RiskInspectionRequested)
  onRequest(envelope: MessageEnvelope<RiskInspectionRequested>, manager: EntityManager): Promise<void> {
    return this.apply.execute(envelope, manager);
  }
}
