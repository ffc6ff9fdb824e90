import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  CEB213,
  CEB215,
  CEB605,
  type CebMessageType,
  CebStatus,
  type DocumentAccepted,
  type ExportInventory,
  type ExportInventoryCancel,
  type ExportRefund,
  type ExportReturnTally,
  type MessageEnvelope,
  Topics,
} from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { cebReturnInfo, ReceiptIssuer } from '../shared/receipt-issuer';
import { exportClearance } from './export-events';
import {
  cancelRefusals,
  refundRefusals,
  RETURN_CODES,
  type ReturnCaseState,
  type ReturnedLine,
} from './export-return-rules';
import type { RuleFailureEntry } from './export-rules';
import {
  caseKeyOfList,
  type Clearance,
  documentById,
  lock,
  orderLock,
  recordDocument,
  type StoredExportDocument,
} from './export-store';

interface Trace {
  correlationId: string;
  causationId: string;
}

interface ReturnCaseRow {
  case_key: string;
  order_no: string;
  clearance: Clearance;
  list_status: string | null;
  invt_no: string;
  list_message_id: string;
  agent_code: string | null;
  ebc_code: string | null;
  sum_no: string | null;
  released_at: Date | null;
}

interface ReturnRow {
  return_key: string;
  message_id: string;
  correlation_id: string;
  case_key: string;
  invt_no: string;
  status: 'accepted' | 'tallied' | 'withdrawn';
  lines: ReturnedLine[];
}

/** A case with its released list, locked for the rest of the transaction. */
interface LockedCase {
  row: ReturnCaseRow;
  list: StoredExportDocument<ExportInventory>;
}

const trace = (envelope: MessageEnvelope<unknown>): Trace => ({
  correlationId: envelope.correlationId,
  causationId: envelope.id,
});

/**
 * What follows an export release (rules and their basis in export-return-rules.ts):
 *
 * - CEB605 撤销申请单: accepted, the list is withdrawn (`cancelled`, list status 100): the cancel gets 2 then 399
 *   海关审结 (CEB606 statuses), the list a 100 receipt, and `ClearanceStatusChanged` `cancelled` with the previous
 *   status 800 tells statistics to take back what the release counted. Refused: 2 then 100 with the reasons.
 * - CEB213 零售出口退货申请单: accepted, 2 then 120 海关入库 (CEB214 statuses) and a `changed` event on the list;
 *   the return waits for its parcel. Refused: 100 with the reasons. appType 2 replaces a return not yet tallied,
 *   appType 3 withdraws it.
 * - CEB215 退运理货明细单: the parcel of an accepted return arrived back at the supervised site: the tally gets 2
 *   then 399 (CEB216 statuses), the return 800 放行 (completed), and the list `returned` with the lines taken back,
 *   so statistics reverse them. No accepted return for the parcel: 100.
 *
 * A document marked 暂存 (appStatus 1) is only stored (receipt 1). Each document is recorded once: a redelivery
 * changes nothing. Cases are locked with the order lock the matching takes, so these never interleave with it.
 */
@Injectable()
export class ExportReturns {
  constructor(
    private readonly receipts: ReceiptIssuer,
    private readonly publisher: EventPublisher,
  ) {}

  async onCancel(envelope: MessageEnvelope<DocumentAccepted<ExportInventoryCancel>>, manager: EntityManager) {
    const cancel = envelope.payload.document;
    const c = cancel.InvtCancel;
    const by = trace(envelope);
    const answer = this.answer(envelope, manager, 'CEB605');
    if (!(await this.record(envelope, manager, 'CEB605', CEB605.identityOf(cancel), c.appType, c.appTime)))
      return;
    if (c.appStatus === '1') return answer(CebStatus.Stored, '电子口岸已暂存');
    await answer(CebStatus.Declaring, '电子口岸申报中');
    if (c.appType === '3') {
      return answer(
        CebStatus.Refused,
        cebReturnInfo([
          {
            code: RETURN_CODES.cancelDelete,
            message: '撤销申请单经海关审结即生效或退单，无可删除的撤销申请',
          },
        ]),
      );
    }
    const locked = await this.lockCase(manager, c.invtNo);
    if (!locked) {
      return answer(
        CebStatus.Refused,
        cebReturnInfo([{ code: RETURN_CODES.cancelUnknownList, message: `出境清单 ${c.invtNo} 不存在` }]),
      );
    }
    const { row, list } = locked;
    const refusals = cancelRefusals(await this.stateOf(manager, row), list.document, cancel);
    if (refusals.length > 0) return answer(CebStatus.Refused, cebReturnInfo(refusals));

    const info = cebReturnInfo([
      { code: '2310', message: `撤销申请审核通过，清单 ${row.invt_no} 已撤销：${c.reason}` },
    ]);
    await answer(CebStatus.Concluded, info);
    await manager.query(
      `UPDATE "customs"."export_case" SET clearance = 'cancelled', list_status = $2, cancelled_at = now(),
         cancel_message_id = $3, updated_at = now() WHERE case_key = $1`,
      [row.case_key, CebStatus.Refused, envelope.payload.messageId],
    );
    await this.listChanged(manager, row, list, 'cancelled', CebStatus.Refused, info, by);
    await this.receipts.issue(manager, {
      messageId: list.messageId,
      documentType: 'CEB603',
      orderNo: row.order_no,
      ebpCode: ebpCodeOf(row),
      returnStatus: CebStatus.Refused,
      returnInfo: info,
      correlationId: list.correlationId,
      causationId: by.causationId,
    });
  }

  async onRefund(envelope: MessageEnvelope<DocumentAccepted<ExportRefund>>, manager: EntityManager) {
    const refund = envelope.payload.document;
    const h = refund.InvtRefundHead;
    const by = trace(envelope);
    const key = CEB213.identityOf(refund);
    const answer = this.answer(envelope, manager, 'CEB213');
    if (!(await this.record(envelope, manager, 'CEB213', key, h.appType, h.appTime))) return;
    if (h.appStatus === '1') return answer(CebStatus.Stored, '电子口岸已暂存');
    await answer(CebStatus.Declaring, '电子口岸申报中');
    const refuse = (failures: RuleFailureEntry[]) => answer(CebStatus.Refused, cebReturnInfo(failures));

    const locked = await this.lockCase(manager, h.invtNo);
    if (!locked) {
      return refuse([{ code: RETURN_CODES.refundUnknownList, message: `原出口清单 ${h.invtNo} 不存在` }]);
    }
    const { row, list } = locked;
    const [existing]: ReturnRow[] = await manager.query(
      `SELECT return_key, message_id, correlation_id, case_key, invt_no, status, lines
         FROM "customs"."export_return" WHERE return_key = $1 FOR UPDATE`,
      [key],
    );
    const standing = existing && existing.status !== 'withdrawn' ? existing : undefined;
    if (h.appType === '1' && standing) {
      return refuse([
        { code: RETURN_CODES.refundDuplicate, message: `已存在相同编号的退货申请单 ${h.coElNo}` },
      ]);
    }
    if (h.appType !== '1' && (standing?.status !== 'accepted' || standing.invt_no !== h.invtNo)) {
      const why =
        standing?.status === 'tallied' ? '已理货完成，不能变更或删除' : '未找到可变更或删除的退货申请单';
      return refuse([{ code: RETURN_CODES.refundNotFound, message: `${why} ${h.coElNo}` }]);
    }
    if (h.appType === '3') {
      await manager.query(
        `UPDATE "customs"."export_return" SET status = 'withdrawn', updated_at = now() WHERE return_key = $1`,
        [key],
      );
      const info = cebReturnInfo([{ code: '2320', message: `退货申请单 ${h.coElNo} 已删除` }]);
      await answer(CebStatus.Accepted, info);
      await this.listChanged(manager, row, list, 'changed', row.list_status ?? CebStatus.Released, info, by);
      return;
    }

    const earlier: { lines: ReturnedLine[] }[] = await manager.query(
      `SELECT lines FROM "customs"."export_return"
        WHERE case_key = $1 AND status IN ('accepted', 'tallied') AND return_key <> $2`,
      [row.case_key, key],
    );
    const refusals = refundRefusals(
      await this.stateOf(manager, row),
      list.document,
      refund,
      earlier.flatMap((r) => r.lines),
      new Date(envelope.payload.receivedAt),
    );
    if (refusals.length > 0) return refuse(refusals);

    const lines: ReturnedLine[] = refund.InvtRefundList.map((l) => ({
      gnum: l.gnum,
      qty: l.qty,
      qty1: l.qty1,
    }));
    await manager.query(
      `INSERT INTO "customs"."export_return" (return_key, message_id, correlation_id, case_key, invt_no, ebc_code,
         logistics_code, logistics_no, app_time, status, lines, accepted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'accepted', $10, now())
       ON CONFLICT (return_key) DO UPDATE SET message_id = $2, correlation_id = $3, case_key = $4, invt_no = $5,
         ebc_code = $6, logistics_code = $7, logistics_no = $8, app_time = $9, status = 'accepted', lines = $10,
         accepted_at = now(), tally_message_id = NULL, tallied_at = NULL, updated_at = now()`,
      [
        key,
        envelope.payload.messageId,
        envelope.correlationId,
        row.case_key,
        row.invt_no,
        h.ebcCode,
        h.logisticsCode,
        h.logisticsNo,
        h.appTime,
        JSON.stringify(lines),
      ],
    );
    const info = cebReturnInfo([
      {
        code: '2300',
        message: `退货申请审核通过（${describe(lines)}），请将运单 ${h.logisticsNo} 的商品运抵监管场所理货`,
      },
    ]);
    await answer(CebStatus.Accepted, info);
    await this.listChanged(manager, row, list, 'changed', row.list_status ?? CebStatus.Released, info, by);
  }

  async onTally(envelope: MessageEnvelope<DocumentAccepted<ExportReturnTally>>, manager: EntityManager) {
    const tally = envelope.payload.document;
    const t = tally.InvtRefundDetail;
    const by = trace(envelope);
    const answer = this.answer(envelope, manager, 'CEB215');
    if (!(await this.record(envelope, manager, 'CEB215', CEB215.identityOf(tally), t.appType, t.appTime)))
      return;
    if (t.appStatus === '1') return answer(CebStatus.Stored, '电子口岸已暂存');
    await answer(CebStatus.Declaring, '电子口岸申报中');
    if (t.appType === '3') {
      return answer(
        CebStatus.Refused,
        cebReturnInfo([{ code: RETURN_CODES.tallyDelete, message: '理货明细单登记货物实际运抵，不能删除' }]),
      );
    }
    const noReturn = () =>
      answer(
        CebStatus.Refused,
        cebReturnInfo([
          {
            code: RETURN_CODES.tallyNoReturn,
            message: `未找到运单 ${t.logisticsCode}/${t.logisticsNo}${t.invtNo ? `（清单 ${t.invtNo}）` : ''}的待理货退货申请单`,
          },
        ]),
      );
    const pending = async (): Promise<ReturnRow | undefined> => {
      const rows: ReturnRow[] = await manager.query(
        `SELECT return_key, message_id, correlation_id, case_key, invt_no, status, lines
           FROM "customs"."export_return"
          WHERE logistics_code = $1 AND logistics_no = $2 AND status = 'accepted' AND ($3::text IS NULL OR invt_no = $3)
          ORDER BY accepted_at, return_key LIMIT 1`,
        [t.logisticsCode, t.logisticsNo, t.invtNo ?? null],
      );
      return rows[0];
    };
    const candidate = await pending();
    if (!candidate) return noReturn();
    const locked = await this.lockCase(manager, candidate.invt_no);
    // Under the case's lock, the return must still be waiting (another tally may have taken it meanwhile).
    const found = await pending();
    if (!locked || !found || found.case_key !== locked.row.case_key) return noReturn();
    const { row, list } = locked;

    await manager.query(
      `UPDATE "customs"."export_return" SET status = 'tallied', tally_message_id = $2, tallied_at = now(),
         updated_at = now() WHERE return_key = $1`,
      [found.return_key, envelope.payload.messageId],
    );
    const where = t.location ? `，仓储位置 ${t.location}` : '';
    await answer(
      CebStatus.Concluded,
      cebReturnInfo([{ code: '2300', message: `理货完成: 运单 ${t.logisticsNo} 退运商品已运抵${where}` }]),
    );
    const returned = cebReturnInfo([
      {
        code: '2600',
        message: `退货商品已运抵监管场所理货，退货完成（清单 ${row.invt_no}，${describe(found.lines)}）`,
      },
    ]);
    await this.receipts.issue(manager, {
      messageId: found.message_id,
      documentType: 'CEB213',
      returnStatus: CebStatus.Released,
      returnInfo: returned,
      correlationId: found.correlation_id,
      causationId: by.causationId,
    });
    await this.listChanged(
      manager,
      row,
      list,
      'returned',
      row.list_status ?? CebStatus.Released,
      returned,
      by,
    );
  }

  /** Records the document; false for a message recorded before, whose effects were applied then. */
  private record<T extends object>(
    envelope: MessageEnvelope<DocumentAccepted<T>>,
    manager: EntityManager,
    type: CebMessageType,
    identity: string,
    appType: string,
    appTime: string,
  ): Promise<boolean> {
    const { messageId, document, senderCode, receivedAt } = envelope.payload;
    return recordDocument(manager, {
      messageId,
      type,
      identity,
      appType,
      appTime,
      senderCode,
      correlationId: envelope.correlationId,
      document,
      receivedAt,
    });
  }

  /** A receipt to the sender of the document being handled. */
  private answer<T extends object>(
    envelope: MessageEnvelope<DocumentAccepted<T>>,
    manager: EntityManager,
    type: CebMessageType,
  ) {
    return async (returnStatus: string, returnInfo: string): Promise<void> =>
      this.receipts.issue(manager, {
        messageId: envelope.payload.messageId,
        documentType: type,
        returnStatus,
        returnInfo,
        correlationId: envelope.correlationId,
        causationId: envelope.id,
      });
  }

  /** Locks the case of the list customs numbered `invtNo` (the order lock, then the row); none for an unknown list. */
  private async lockCase(manager: EntityManager, invtNo: string): Promise<LockedCase | undefined> {
    const caseKey = await caseKeyOfList(manager, invtNo);
    if (!caseKey) return undefined;
    await lock(manager, orderLock(caseKey));
    const [row]: ReturnCaseRow[] = await manager.query(
      `SELECT case_key, order_no, clearance, list_status, invt_no, list_message_id, agent_code, ebc_code, sum_no,
              released_at
         FROM "customs"."export_case" WHERE case_key = $1 AND invt_no = $2 FOR UPDATE`,
      [caseKey, invtNo],
    );
    if (!row?.list_message_id) return undefined;
    const list = await documentById<ExportInventory>(manager, row.list_message_id);
    return list ? { row, list } : undefined;
  }

  private async stateOf(manager: EntityManager, row: ReturnCaseRow): Promise<ReturnCaseState> {
    const returns: { n: string }[] = await manager.query(
      `SELECT count(*)::text AS n FROM "customs"."export_return"
        WHERE case_key = $1 AND status IN ('accepted', 'tallied')`,
      [row.case_key],
    );
    return {
      clearance: row.clearance,
      invtNo: row.invt_no,
      agentCode: row.agent_code,
      ebcCode: row.ebc_code,
      ebpCode: ebpCodeOf(row),
      sumNo: row.sum_no,
      releasedAt: row.released_at ? new Date(row.released_at) : null,
      hasReturns: Number(returns[0]?.n ?? 0) > 0,
    };
  }

  /** A status change of the list, identified as its release was (`ClearanceStatusChanged`). */
  private async listChanged(
    manager: EntityManager,
    row: ReturnCaseRow,
    list: StoredExportDocument<ExportInventory>,
    event: 'cancelled' | 'changed' | 'returned',
    returnStatus: string,
    returnInfo: string,
    by: Trace,
  ): Promise<void> {
    await this.publisher.publish(
      manager,
      Topics.ClearanceStatusChanged,
      exportClearance({
        event,
        listMessageId: list.messageId,
        listIdentity: list.identity,
        orderNo: row.order_no,
        ebcCode: list.document.InventoryHead.ebcCode,
        returnStatus,
        ...(row.list_status ? { previousStatus: row.list_status } : {}),
        returnInfo,
      }),
      { correlationId: list.correlationId, causationId: by.causationId },
    );
  }
}

const ebpCodeOf = (row: { case_key: string }): string => row.case_key.slice(0, row.case_key.indexOf(':'));

const describe = (lines: ReturnedLine[]): string => lines.map((l) => `第 ${l.gnum} 项 ${l.qty}`).join('、');
