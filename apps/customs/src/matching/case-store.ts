import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  type ClearanceEvent,
  type ImportInventory,
  type ImportInventoryCancel,
  type ImportRefund,
  type TaxAssessmentCompleted,
  Topics,
} from '@swx/contracts';
import { type Causation, EventPublisher } from '@swx/messaging';

import { takePendingRiskInspection } from '../clearance/risk-inspection';
import { EnterpriseDirectory } from '../registry/enterprise-directory';
import { cebReturnInfo, ReceiptIssuer } from '../shared/receipt-issuer';
import {
  CASE_SLOTS,
  type CaseSlot,
  type CaseSlots,
  documentsOf,
  newerVersion,
  orderNoOf,
  SLOT_TITLES,
  type SlotVersion,
  versionOf,
} from './documents';
import { enterpriseCodesOf, evaluateCase } from './evaluate';
import { creditInspection, creditOfParties, type InspectionRates } from './inspection';
import { actsOnForeignList, listDeclarerOf, notDeclarerFailure } from './ownership';
import type { RuleFailureResult } from './rules';

export type CaseStatus = 'open' | 'passed' | 'failed' | 'timed-out' | 'cancelled';

interface CaseRow {
  order_no: string;
  slots: CaseSlots;
  status: CaseStatus;
  failures: RuleFailureResult[];
  /** The list's CEB status once decided: 120, held, 100, 399, 500, 800, 899 or a detention code. */
  list_status: string | null;
  assessment_request_id: string | null;
  decisions: number;
  correlation_id: string | null;
  released_at: Date | null;
}

export interface DocumentInput extends Causation {
  slot: CaseSlot;
  messageId: string;
  document: object;
  /** Masked display values of the document's person fields (its person fields hold tokens). */
  masked?: Record<string, string>;
  receivedAt: string;
  /** The party the gateway accepted the document for (`DocumentAccepted.senderCode`). */
  senderCode?: string;
}

export type ApplyOutcome = 'duplicate' | 'applied' | 'stale' | 'refused';

/** Statuses after which the list can no longer be changed or withdrawn (审结 and later). */
const FROZEN = new Set(['399', '500', '800', '899', '501', '502', '503', '599']);
export const DETENTION_CODES = ['501', '502', '503', '599'] as const;
export const RETURN_WINDOW_DAYS = 30;
const TIMEOUT_CODE = '1399';

const ebpCodeOf = (slot: CaseSlot, slots: CaseSlots, document: object | null): string | undefined => {
  if (!document) return undefined;
  if (slot === 'CEB311') return (document as { OrderHead: { ebpCode: string } }).OrderHead.ebpCode;
  if (slot === 'CEB411') return (document as { PaymentHead: { ebpCode: string } }).PaymentHead.ebpCode;
  if (slot === 'CEB621') return (document as ImportInventory).InventoryHead.ebpCode;
  const order = slots.CEB311?.document as { OrderHead: { ebpCode: string } } | null | undefined;
  return order?.OrderHead.ebpCode;
};

/**
 * The matching case of one order (三单对碰 / 四单比对) and its list's clearance. Every change takes the case row
 * `FOR UPDATE` first, so concurrent documents of one order, on any instance, are applied one after the other;
 * decisions are made from the stored documents alone (newest `appTime` per document), so any arrival order ends
 * in the state a sequential evaluation gives.
 */
@Injectable()
export class CaseStore {
  constructor(
    private readonly directory: EnterpriseDirectory,
    private readonly receipts: ReceiptIssuer,
    private readonly publisher: EventPublisher,
  ) {}

  async applyDocument(manager: EntityManager, input: DocumentInput): Promise<ApplyOutcome> {
    const orderNo = orderNoOf(input.slot, input.document);
    const { appType, appTime } = versionOf(input.slot, input.document);
    if (
      !(await this.record(manager, input.messageId, input.slot, orderNo, input.document, input.receivedAt))
    ) {
      return 'duplicate';
    }
    const row = await this.lock(manager, orderNo, input.correlationId);
    const receipt = (returnStatus: string, returnInfo: string) =>
      this.receipts.issue(manager, {
        messageId: input.messageId,
        documentType: input.slot,
        orderNo,
        ebpCode: ebpCodeOf(input.slot, row.slots, input.document),
        returnStatus,
        returnInfo,
        correlationId: input.correlationId,
        causationId: input.causationId,
      });
    const agentCode =
      input.slot === 'CEB621' ? (input.document as ImportInventory).InventoryHead.agentCode : undefined;
    if (agentCode !== undefined && actsOnForeignList(row.slots.CEB621, agentCode)) {
      await receipt('100', cebReturnInfo([notDeclarerFailure('清单的新增、变更或删除')]));
      await this.save(manager, row);
      return 'refused';
    }
    if (row.status === 'timed-out' || row.status === 'cancelled' || FROZEN.has(row.list_status ?? '')) {
      const why =
        row.status === 'timed-out'
          ? '对碰已超时关闭，不能变更'
          : row.status === 'cancelled'
            ? '清单已撤销，不能变更'
            : '清单已审结或放行，不能变更或撤回';
      await receipt('100', cebReturnInfo([{ code: '-301011', message: why }]));
      return 'refused';
    }
    const incoming: SlotVersion = {
      messageId: input.messageId,
      appType,
      appTime,
      document: appType === '3' ? null : input.document,
      ...(appType !== '3' && input.masked ? { masked: input.masked } : {}),
      ...(agentCode !== undefined ? { declarer: listDeclarerOf(row.slots.CEB621) ?? agentCode } : {}),
      // The order keeps the party of its first version: its e-commerce enterprise when the platform is unregistered.
      ...(input.slot === 'CEB311' && (row.slots.CEB311?.declarer ?? input.senderCode)
        ? { declarer: row.slots.CEB311?.declarer ?? input.senderCode }
        : {}),
    };
    if (newerVersion(row.slots[input.slot], incoming) !== incoming) {
      await receipt('100', cebReturnInfo([{ code: '-301014', message: '接收报文为旧报文数据，不做处理' }]));
      await this.save(manager, row);
      return 'stale';
    }
    row.slots[input.slot] = incoming;
    await receipt('2', appType === '3' ? '电子口岸申报中（删除）' : '电子口岸申报中');
    await this.decide(manager, row, {
      correlationId: input.correlationId,
      causationId: input.causationId,
    });
    await this.save(manager, row);
    return 'applied';
  }

  /** Tax's answer to an assessment request; answers to a superseded request are ignored. */
  async applyAssessment(
    manager: EntityManager,
    answer: TaxAssessmentCompleted,
    cause: Causation,
    rates: InspectionRates,
  ): Promise<'applied' | 'ignored'> {
    const rows: CaseRow[] = await manager.query(
      `SELECT * FROM "customs"."import_case" WHERE assessment_request_id = $1 FOR UPDATE`,
      [answer.requestId],
    );
    const row = rows[0];
    if (!row || row.status !== 'passed' || !['120', 'held'].includes(row.list_status ?? '')) return 'ignored';
    const list = row.slots.CEB621;
    if (!list?.document) return 'ignored';
    switch (answer.outcome) {
      case 'assessed': {
        await this.listStatus(manager, row, '399', 'changed', '[Code:2300;Desc:审核通过]', cause);
        const head = (list.document as ImportInventory).InventoryHead;
        const credit = creditInspection(
          rates,
          await creditOfParties(manager, [
            head.ebpCode,
            head.ebcCode,
            head.agentCode,
            head.logisticsCode,
            head.assureCode,
          ]),
          answer.listIdentity,
          list.messageId,
        );
        const risk = await takePendingRiskInspection(manager, row.order_no);
        if (risk) {
          await this.listStatus(
            manager,
            row,
            '500',
            'inspection',
            `[Code:2500;Desc:查验，风险布控 ${risk.ruleCode} 案件 ${risk.caseId}]`,
            cause,
          );
        } else if (credit.inspect) {
          await this.listStatus(manager, row, '500', 'inspection', credit.reason, cause);
        } else {
          await this.release(manager, row, cause);
        }
        break;
      }
      case 'guarantee-insufficient':
        row.list_status = 'held';
        await this.clearance(manager, row, 'held', '120', `[Code:1210;Desc:${answer.message}]`, cause);
        break;
      default: {
        const code =
          answer.code ??
          (answer.outcome === 'single-limit-exceeded'
            ? '-621005'
            : answer.outcome === 'annual-quota-exceeded'
              ? '-621018'
              : '-621013');
        await this.listStatus(
          manager,
          row,
          '100',
          'refused',
          cebReturnInfo([{ code, message: answer.message }]),
          cause,
        );
      }
    }
    await this.save(manager, row);
    return 'applied';
  }

  /** An inspector's result for a list under inspection (500): release (800) or a detention code. */
  async recordInspection(
    manager: EntityManager,
    orderNo: string,
    result: 'pass' | (typeof DETENTION_CODES)[number],
    note: string,
    cause: Causation,
  ): Promise<'applied' | 'not-under-inspection'> {
    const rows: CaseRow[] = await manager.query(
      `SELECT * FROM "customs"."import_case" WHERE order_no = $1 FOR UPDATE`,
      [orderNo],
    );
    const row = rows[0];
    if (!row || row.list_status !== '500') return 'not-under-inspection';
    if (result === 'pass') {
      await this.release(manager, row, cause, `[Code:2600;Desc:查验放行 ${note}]`);
    } else {
      await this.listStatus(manager, row, result, 'detained', `[Code:${result};Desc:扣留 ${note}]`, cause);
    }
    await this.save(manager, row);
    return 'applied';
  }

  /** CEB623: withdraws a list that is not yet concluded (399) or released. */
  async applyCancel(
    manager: EntityManager,
    messageId: string,
    cancel: ImportInventoryCancel,
    receivedAt: string,
    cause: Causation,
  ): Promise<ApplyOutcome> {
    const head = cancel.InvtCancel;
    if (!(await this.record(manager, messageId, 'CEB623', head.orderNo, cancel, receivedAt)))
      return 'duplicate';
    const row = await this.lock(manager, head.orderNo, cause.correlationId);
    const list = row.slots.CEB621?.document as ImportInventory | null | undefined;
    const receipt = (returnStatus: string, returnInfo: string) =>
      this.receipts.issue(manager, {
        messageId,
        documentType: 'CEB623',
        orderNo: head.orderNo,
        ebpCode: head.ebpCode,
        returnStatus,
        returnInfo,
        correlationId: cause.correlationId,
        causationId: cause.causationId,
      });
    if (actsOnForeignList(row.slots.CEB621, head.agentCode)) {
      await receipt('100', cebReturnInfo([notDeclarerFailure('撤销申请单')]));
      await this.save(manager, row);
      return 'refused';
    }
    if (
      !list ||
      list.InventoryHead.ebcCode !== head.ebcCode ||
      row.status === 'cancelled' ||
      row.status === 'timed-out' ||
      FROZEN.has(row.list_status ?? '')
    ) {
      await receipt('100', cebReturnInfo([{ code: '-623005', message: '清单的状态不符合撤单申报要求' }]));
      await this.save(manager, row);
      return 'refused';
    }
    await receipt('2', '电子口岸申报中');
    await receipt('399', '[Code:2300;Desc:撤单审核通过]');
    row.status = 'cancelled';
    await this.listStatus(
      manager,
      row,
      '100',
      'cancelled',
      `[Code:2700;Desc:清单已撤销：${head.reason}]`,
      cause,
    );
    await this.save(manager, row);
    return 'applied';
  }

  /** CEB625: a return within 30 days of release is accepted; tax gives the buyer's quota back. */
  async applyRefund(
    manager: EntityManager,
    messageId: string,
    refund: ImportRefund,
    receivedAt: string,
    cause: Causation,
    now: Date = new Date(),
  ): Promise<ApplyOutcome> {
    const head = refund.InvtRefundHead;
    if (!(await this.record(manager, messageId, 'CEB625', head.orderNo, refund, receivedAt)))
      return 'duplicate';
    const row = await this.lock(manager, head.orderNo, cause.correlationId);
    const receipt = (returnStatus: string, returnInfo: string) =>
      this.receipts.issue(manager, {
        messageId,
        documentType: 'CEB625',
        orderNo: head.orderNo,
        ebpCode: head.ebpCode,
        returnStatus,
        returnInfo,
        correlationId: cause.correlationId,
        causationId: cause.causationId,
      });
    const list = row.slots.CEB621?.document as ImportInventory | null | undefined;
    const releasedAt = row.released_at ? new Date(row.released_at) : undefined;
    const withinWindow =
      releasedAt !== undefined && now.getTime() - releasedAt.getTime() <= RETURN_WINDOW_DAYS * 86_400_000;
    if (actsOnForeignList(row.slots.CEB621, head.agentCode)) {
      await receipt('100', cebReturnInfo([notDeclarerFailure('退货申请单')]));
    } else if (
      !list ||
      list.InventoryHead.ebcCode !== head.ebcCode ||
      !['800', '899'].includes(row.list_status ?? '')
    ) {
      await receipt('100', cebReturnInfo([{ code: '-625001', message: '关联清单不存在或未放行' }]));
    } else if (!withinWindow) {
      await receipt(
        '100',
        cebReturnInfo([{ code: '-625002', message: `超过放行后${RETURN_WINDOW_DAYS}日退货期限` }]),
      );
    } else {
      await receipt('2', '电子口岸申报中');
      await receipt('120', '[Code:2300;Desc:退货申请通过]');
      await this.clearance(
        manager,
        row,
        'returned',
        row.list_status ?? '800',
        `[Code:2800;Desc:退货：${head.reason}]`,
        cause,
      );
      await this.save(manager, row);
      return 'applied';
    }
    await this.save(manager, row);
    return 'refused';
  }

  /** Closes cases still incomplete after the window, naming the missing documents. */
  async timeOutCases(manager: EntityManager, windowSeconds: number, limit = 200): Promise<number> {
    const rows: CaseRow[] = await manager.query(
      `SELECT * FROM "customs"."import_case"
        WHERE status = 'open' AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [windowSeconds, limit],
    );
    for (const row of rows) {
      const cause: Causation = { correlationId: row.correlation_id ?? `customs-timeout-${row.order_no}` };
      const docs = documentsOf(row.slots);
      const missing = CASE_SLOTS.filter((s) => !docs[s]);
      const failure = {
        code: TIMEOUT_CODE,
        message: `超时未收齐单证，缺少：${missing.map((s) => SLOT_TITLES[s]).join('、')}`,
      };
      row.status = 'timed-out';
      row.failures = [failure];
      for (const slot of CASE_SLOTS) {
        const version = row.slots[slot];
        if (!version?.document) continue;
        await this.receipts.issue(manager, {
          messageId: version.messageId,
          documentType: slot,
          orderNo: row.order_no,
          ebpCode: ebpCodeOf(slot, row.slots, version.document),
          returnStatus: '100',
          returnInfo: cebReturnInfo([failure]),
          correlationId: cause.correlationId,
          causationId: cause.causationId,
        });
      }
      await this.matchResult(manager, row, 'incomplete', [failure], cause);
      if (row.slots.CEB621?.document) {
        row.list_status = '100';
        await this.clearance(manager, row, 'timed-out', '100', cebReturnInfo([failure]), cause);
      }
      await this.save(manager, row);
    }
    return rows.length;
  }

  /** Closes (899) released lists whose return window has passed. */
  async closeReleased(manager: EntityManager, limit = 200): Promise<number> {
    const rows: CaseRow[] = await manager.query(
      `SELECT * FROM "customs"."import_case"
        WHERE list_status = '800' AND released_at < now() - make_interval(days => $1)
        ORDER BY released_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [RETURN_WINDOW_DAYS, limit],
    );
    for (const row of rows) {
      const cause: Causation = { correlationId: row.correlation_id ?? `customs-close-${row.order_no}` };
      await this.listStatus(manager, row, '899', 'closed', '[Code:2900;Desc:结关]', cause);
      await this.save(manager, row);
    }
    return rows.length;
  }

  private async decide(manager: EntityManager, row: CaseRow, cause: Causation): Promise<void> {
    const docs = documentsOf(row.slots);
    const roles = await this.directory.rolesOf(manager, enterpriseCodesOf(docs));
    const evaluation = evaluateCase(
      docs,
      (code, role) => roles.get(code)?.has(role) ?? false,
      row.slots.CEB311?.declarer,
    );
    const previousRequest = row.assessment_request_id;
    const wasDecided = row.status === 'passed' || row.status === 'failed';
    if (wasDecided && previousRequest && row.slots.CEB621) {
      await this.clearance(
        manager,
        row,
        'changed',
        row.list_status ?? '120',
        '[Code:2100;Desc:单证变更，重新比对]',
        cause,
      );
    }
    row.assessment_request_id = null;
    if (evaluation.outcome === 'incomplete') {
      if (wasDecided) await this.matchResult(manager, row, 'incomplete', [], cause);
      row.status = 'open';
      row.failures = [];
      row.list_status = null;
      return;
    }
    row.status = evaluation.outcome;
    row.failures = evaluation.failures;
    row.decisions += 1;
    const passed = evaluation.outcome === 'passed';
    const info = passed ? '[Code:1800;Desc:逻辑校验通过]' : cebReturnInfo(evaluation.failures);
    for (const slot of CASE_SLOTS) {
      const version = row.slots[slot];
      if (!version?.document) continue;
      await this.receipts.issue(manager, {
        messageId: version.messageId,
        documentType: slot,
        orderNo: row.order_no,
        ebpCode: ebpCodeOf(slot, row.slots, version.document),
        returnStatus: passed ? '120' : '100',
        returnInfo: info,
        correlationId: cause.correlationId,
        causationId: cause.causationId,
      });
    }
    await this.matchResult(manager, row, evaluation.outcome, evaluation.failures, cause);
    const list = docs.CEB621!;
    if (!passed) {
      row.list_status = '100';
      await this.clearance(manager, row, 'refused', '100', info, cause);
      return;
    }
    row.list_status = '120';
    row.assessment_request_id = randomUUID();
    await this.clearance(manager, row, 'matched', '120', info, cause);
    const head = list.InventoryHead;
    await this.publisher.publish(
      manager,
      Topics.TaxAssessmentRequested,
      {
        requestId: row.assessment_request_id,
        listMessageId: row.slots.CEB621!.messageId,
        listIdentity: `${head.ebcCode}:${head.orderNo}`,
        orderNo: head.orderNo,
        ebpCode: head.ebpCode,
        ebcCode: head.ebcCode,
        agentCode: head.agentCode,
        assureCode: head.assureCode,
        buyerIdNumber: head.buyerIdNumber,
        buyerIdNumberMasked: row.slots.CEB621!.masked?.['InventoryHead.buyerIdNumber'] ?? '***',
        buyerName: head.buyerName,
        declaredAt: declaredAt(head.appTime),
        freight: head.freight,
        insuredFee: head.insuredFee,
        lines: list.InventoryList.map((l) => ({
          gnum: l.gnum,
          gcode: l.gcode,
          gname: l.gname,
          qty: l.qty,
          unit: l.unit,
          qty1: l.qty1,
          unit1: l.unit1,
          price: l.price,
          totalPrice: l.totalPrice,
        })),
      },
      cause,
    );
    await this.clearance(
      manager,
      row,
      'assessment-requested',
      '120',
      '[Code:1900;Desc:已提交税款计征]',
      cause,
    );
  }

  private async release(
    manager: EntityManager,
    row: CaseRow,
    cause: Causation,
    info = '[Code:2600;Desc:放行]',
  ) {
    row.released_at = new Date();
    await this.listStatus(manager, row, '800', 'released', info, cause);
  }

  /** Sets the list's status, answers the list's sender with a receipt and tells regulators and tax. */
  private async listStatus(
    manager: EntityManager,
    row: CaseRow,
    status: string,
    event: ClearanceEvent,
    info: string,
    cause: Causation,
  ): Promise<void> {
    const list = row.slots.CEB621;
    const previous = row.list_status;
    row.list_status = status;
    if (!list?.document) return;
    await this.receipts.issue(manager, {
      messageId: list.messageId,
      documentType: 'CEB621',
      orderNo: row.order_no,
      ebpCode: (list.document as ImportInventory).InventoryHead.ebpCode,
      returnStatus: status,
      returnInfo: info,
      correlationId: cause.correlationId,
      causationId: cause.causationId,
    });
    await this.clearance(manager, row, event, status, info, cause, previous ?? undefined);
  }

  private async clearance(
    manager: EntityManager,
    row: CaseRow,
    event: ClearanceEvent,
    returnStatus: string,
    returnInfo: string,
    cause: Causation,
    previousStatus?: string,
  ): Promise<void> {
    const list = row.slots.CEB621;
    if (!list) return;
    const head = (list.document as ImportInventory | null)?.InventoryHead;
    await this.publisher.publish(
      manager,
      Topics.ClearanceStatusChanged,
      {
        event,
        flow: 'import',
        listMessageId: list.messageId,
        listIdentity: head ? `${head.ebcCode}:${head.orderNo}` : `:${row.order_no}`,
        orderNo: row.order_no,
        returnStatus: /^-?\d{1,7}$/.test(returnStatus) ? returnStatus : '120',
        ...(previousStatus && /^-?\d{1,7}$/.test(previousStatus) ? { previousStatus } : {}),
        returnInfo,
        ...(row.assessment_request_id ? { assessmentRequestId: row.assessment_request_id } : {}),
        occurredAt: new Date().toISOString(),
      },
      cause,
    );
  }

  private async matchResult(
    manager: EntityManager,
    row: CaseRow,
    outcome: 'passed' | 'failed' | 'incomplete',
    failures: RuleFailureResult[],
    cause: Causation,
  ): Promise<void> {
    const documents: Record<string, string> = {};
    for (const slot of CASE_SLOTS) {
      const version = row.slots[slot];
      if (version?.document) documents[slot] = version.messageId;
    }
    await this.publisher.publish(
      manager,
      Topics.MatchResultDecided,
      {
        caseKey: row.order_no,
        flow: 'import',
        outcome,
        failures,
        documents,
        decidedAt: new Date().toISOString(),
      },
      cause,
    );
  }

  /** Appends the document to `declared_document`; false when this message was recorded before. */
  private async record(
    manager: EntityManager,
    messageId: string,
    type: string,
    orderNo: string,
    document: object,
    receivedAt: string,
  ): Promise<boolean> {
    const head = Object.values(document)[0] as { ebpCode?: string; appType?: string; appTime?: string };
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "customs"."declared_document"
         (message_id, document_type, ebp_code, order_no, app_type, app_time, document, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      [
        messageId,
        type,
        head.ebpCode ?? '',
        orderNo,
        head.appType ?? '1',
        head.appTime ?? '',
        document,
        receivedAt,
      ],
    );
    return inserted.length > 0;
  }

  private async lock(manager: EntityManager, orderNo: string, correlationId: string): Promise<CaseRow> {
    await manager.query(
      `INSERT INTO "customs"."import_case" (order_no, correlation_id) VALUES ($1, $2) ON CONFLICT (order_no) DO NOTHING`,
      [orderNo, correlationId.slice(0, 100)],
    );
    const rows: CaseRow[] = await manager.query(
      `SELECT * FROM "customs"."import_case" WHERE order_no = $1 FOR UPDATE`,
      [orderNo],
    );
    return rows[0];
  }

  private async save(manager: EntityManager, row: CaseRow): Promise<void> {
    await manager.query(
      `UPDATE "customs"."import_case" SET slots = $2, status = $3, failures = $4, list_status = $5,
         assessment_request_id = $6, decisions = $7, released_at = $8, updated_at = now()
       WHERE order_no = $1`,
      [
        row.order_no,
        JSON.stringify(row.slots),
        row.status,
        JSON.stringify(row.failures),
        row.list_status,
        row.assessment_request_id,
        row.decisions,
        row.released_at,
      ],
    );
  }
}

/** `appTime` (YYYYMMDDhhmmss, China time) as ISO 8601. */
function declaredAt(appTime: string): string {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((i, k) => appTime.slice(i, k === 0 ? 4 : i + 2));
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`).toISOString();
}
