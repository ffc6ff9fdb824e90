import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  MessageEnvelope,
  money,
  TaxBillIssued,
  TaxBillStatus,
  TaxBillStatusChanged,
  Topics,
} from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import type { AssessmentRow } from '../assessment/assessment.service';

export interface TaxBillRow {
  tax_no: string;
  request_id: string;
  list_message_id: string;
  list_identity: string;
  order_no: string;
  assure_code: string;
  ebc_code: string;
  ebp_code: string;
  agent_code: string;
  customs_tax: string;
  value_added_tax: string;
  consumption_tax: string;
  tax_total: string;
  lines: TaxBillIssued['lines'];
  status: TaxBillStatus;
  summary_id: string | null;
  paid_at: Date | null;
  issued_at: Date;
}

/** E-tax bills (CEB816): one per released list, every status change logged (CEB818) and published. */
@Injectable()
export class TaxBills {
  constructor(private readonly publisher: EventPublisher) {}

  async issue(
    manager: EntityManager,
    assessment: AssessmentRow,
    cause: MessageEnvelope<unknown>,
  ): Promise<TaxBillRow> {
    const [bill]: TaxBillRow[] = await manager.query(
      `INSERT INTO "tax"."tax_bill" (tax_no, request_id, list_message_id, list_identity, order_no, assure_code,
         ebc_code, ebp_code, agent_code, customs_tax, value_added_tax, consumption_tax, tax_total, lines, status)
       VALUES ('TB' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')
                 || lpad(nextval('"tax"."tax_no_seq"')::text, 12, '0'),
               $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '1')
       RETURNING *`,
      [
        assessment.request_id,
        assessment.list_message_id,
        assessment.list_identity,
        assessment.order_no,
        assessment.assure_code,
        assessment.ebc_code,
        assessment.ebp_code,
        assessment.agent_code,
        assessment.customs_tax,
        assessment.value_added_tax,
        assessment.consumption_tax,
        assessment.tax_total,
        JSON.stringify(
          assessment.lines.map((l) => ({
            gnum: l.gnum,
            gcode: l.gcode,
            taxPrice: l.taxPrice,
            customsTax: l.customsTax,
            valueAddedTax: l.valueAddedTax,
            consumptionTax: l.consumptionTax,
          })),
        ),
      ],
    );
    await manager.query(
      `INSERT INTO "tax"."tax_bill_status" (tax_no, status, previous_status, paid, note) VALUES ($1, '1', NULL, false, $2)`,
      [bill.tax_no, '已生成'],
    );
    const payload: TaxBillIssued = {
      taxNo: bill.tax_no,
      listIdentity: bill.list_identity,
      listMessageId: bill.list_message_id,
      assessmentRequestId: bill.request_id,
      assureCode: bill.assure_code,
      ebcCode: bill.ebc_code,
      agentCode: bill.agent_code,
      customsTax: money(bill.customs_tax),
      valueAddedTax: money(bill.value_added_tax),
      consumptionTax: money(bill.consumption_tax),
      taxTotal: money(bill.tax_total),
      status: '1',
      lines: bill.lines,
      issuedAt: new Date(bill.issued_at).toISOString(),
    };
    await this.publisher.publish(manager, Topics.TaxBillIssued, payload, cause);
    return bill;
  }

  async voidForReturn(
    manager: EntityManager,
    requestId: string,
    reason: string,
    cause: MessageEnvelope<unknown>,
  ): Promise<void> {
    const [bill]: TaxBillRow[] = await manager.query(
      `SELECT * FROM "tax"."tax_bill" WHERE request_id = $1 FOR UPDATE`,
      [requestId],
    );
    if (!bill || bill.status === '3') return;
    const note = `退货作废${bill.paid_at ? '（已缴税款待退还）' : ''}: ${reason}`.slice(0, 1000);
    await this.changeStatus(manager, bill, '3', note, cause.correlationId, cause.id);
  }

  /** Moves one locked bill to `status` (or records its payment), logs it and publishes the change. */
  async changeStatus(
    manager: EntityManager,
    bill: TaxBillRow,
    status: TaxBillStatus,
    note: string,
    correlationId: string,
    causationId?: string,
    paid = bill.paid_at !== null,
  ): Promise<void> {
    await manager.query(
      `UPDATE "tax"."tax_bill" SET status = $2, paid_at = CASE WHEN $3 THEN COALESCE(paid_at, now()) ELSE NULL END
        WHERE tax_no = $1`,
      [bill.tax_no, status, paid],
    );
    await manager.query(
      `INSERT INTO "tax"."tax_bill_status" (tax_no, status, previous_status, paid, note) VALUES ($1, $2, $3, $4, $5)`,
      [bill.tax_no, status, bill.status, paid, note],
    );
    const payload: TaxBillStatusChanged = {
      taxNo: bill.tax_no,
      listIdentity: bill.list_identity,
      assureCode: bill.assure_code,
      status,
      previousStatus: bill.status,
      paid,
      ...(bill.summary_id ? { summaryId: bill.summary_id } : {}),
      note,
      changedAt: new Date().toISOString(),
    };
    await this.publisher.publish(manager, Topics.TaxBillStatusChanged, payload, {
      correlationId,
      causationId,
    });
  }
}
