import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  CEB303,
  CEB403,
  CEB505,
  CEB603,
  type CebMessageType,
  CebStatus,
  type DocumentAccepted,
  type ExportInventory,
  type ExportOrder,
  type ExportReceipt,
  type ExportWaybill,
  type MessageEnvelope,
  money,
  sum,
  Topics,
} from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { inspectionRatesOf } from '../clearance/inspection-rates';
import { CustomsEnv } from '../customs.env';
import { creditInspection, creditOfParties } from '../matching/inspection';
import { cebReturnInfo, ReceiptIssuer } from '../shared/receipt-issuer';
import { exportClearance, exportMatchResult } from './export-events';
import { ExportLogisticsProgress } from './export-logistics-progress';
import { failedRules, fullDeclarationReasons, type RuleFailureEntry } from './export-rules';
import {
  CASE_COLUMNS,
  type CaseRow,
  casesOfWaybill,
  chinaYear,
  currentDocument,
  insertDocument,
  lock,
  nextNumber,
  orderLock,
  registeredRoles,
  SETTLED,
  type StoredExportDocument,
  waybillLock,
} from './export-store';

type CaseDocumentType = 'CEB303' | 'CEB403' | 'CEB505' | 'CEB603';

interface Decision {
  outcome: 'passed' | 'failed';
  failures: RuleFailureEntry[];
  release: RuleFailureEntry[];
  documents: Partial<Record<CaseDocumentType, string>>;
}

interface Trace {
  correlationId: string;
  causationId: string;
}

const PASSED_INFO = cebReturnInfo([{ code: '1800', message: '逻辑校验通过' }]);

const waybillKeyOf = (logisticsCode: string, logisticsNo: string): string =>
  `${logisticsCode}:${logisticsNo}`;

/**
 * 四单比对 of the export flow: stores each order (CEB303), receipt of payment (CEB403), waybill (CEB505) and list
 * (CEB603), answers it with receipt 2, and decides the case of its order once all four are there. A decision is a
 * function of the current documents only, taken under a per-order lock, so any arrival order, redelivery or
 * concurrency ends where sequential processing would. A matched list that qualifies is released on the list
 * (清单核放: 120 → 399 → 800); one that does not is refused toward a full declaration.
 */
@Injectable()
export class ExportCases {
  constructor(
    private readonly receipts: ReceiptIssuer,
    private readonly publisher: EventPublisher,
    private readonly progress: ExportLogisticsProgress,
    private readonly env: CustomsEnv,
  ) {}

  async onOrder(envelope: MessageEnvelope<DocumentAccepted<ExportOrder>>, manager: EntityManager) {
    const head = envelope.payload.document.OrderHead;
    const key = `${head.ebpCode}:${head.orderNo}`;
    await lock(manager, orderLock(key));
    await this.store(envelope, manager, 'CEB303', {
      identity: CEB303.identityOf(envelope.payload.document),
      orderKey: key,
      appType: head.appType,
      appTime: head.appTime,
    });
    await this.acknowledge(envelope, manager, 'CEB303', head.orderNo, head.ebpCode);
    await this.evaluate(manager, key, head.orderNo, trace(envelope));
  }

  async onReceipt(envelope: MessageEnvelope<DocumentAccepted<ExportReceipt>>, manager: EntityManager) {
    const r = envelope.payload.document.Receipts;
    const key = `${r.ebpCode}:${r.orderNo}`;
    await lock(manager, orderLock(key));
    await this.store(envelope, manager, 'CEB403', {
      identity: CEB403.identityOf(envelope.payload.document),
      orderKey: key,
      appType: r.appType,
      appTime: r.appTime,
    });
    await this.acknowledge(envelope, manager, 'CEB403', r.orderNo, r.ebpCode);
    await this.evaluate(manager, key, r.orderNo, trace(envelope));
  }

  async onList(envelope: MessageEnvelope<DocumentAccepted<ExportInventory>>, manager: EntityManager) {
    const head = envelope.payload.document.InventoryHead;
    const key = `${head.ebpCode}:${head.orderNo}`;
    const waybillKey = waybillKeyOf(head.logisticsCode, head.logisticsNo);
    await lock(manager, orderLock(key));
    await lock(manager, waybillLock(waybillKey));
    await this.store(envelope, manager, 'CEB603', {
      identity: CEB603.identityOf(envelope.payload.document),
      orderKey: key,
      waybillKey,
      appType: head.appType,
      appTime: head.appTime,
    });
    await this.acknowledge(envelope, manager, 'CEB603', head.orderNo, head.ebpCode);
    await this.evaluate(manager, key, head.orderNo, trace(envelope));
  }

  /**
   * The waybill names no order: the lists that name it lead to the cases. Order locks come before waybill locks
   * everywhere; a list naming the waybill between the look-up and the lock makes this take an order lock late,
   * which PostgreSQL may resolve as a deadlock, and the message is then retried.
   */
  async onWaybill(envelope: MessageEnvelope<DocumentAccepted<ExportWaybill>>, manager: EntityManager) {
    const w = envelope.payload.document.Logistics;
    const waybillKey = waybillKeyOf(w.logisticsCode, w.logisticsNo);
    const locked = await casesOfWaybill(manager, waybillKey);
    for (const key of locked) await lock(manager, orderLock(key));
    await lock(manager, waybillLock(waybillKey));
    await this.store(envelope, manager, 'CEB505', {
      identity: CEB505.identityOf(envelope.payload.document),
      waybillKey,
      appType: w.appType,
      appTime: w.appTime,
    });
    await this.acknowledge(envelope, manager, 'CEB505');
    for (const key of await casesOfWaybill(manager, waybillKey)) {
      if (!locked.includes(key)) await lock(manager, orderLock(key));
      await this.evaluate(manager, key, key.slice(key.indexOf(':') + 1), trace(envelope));
    }
  }

  private async store<T extends object>(
    envelope: MessageEnvelope<DocumentAccepted<T>>,
    manager: EntityManager,
    type: CaseDocumentType,
    keys: { identity: string; orderKey?: string; waybillKey?: string; appType: string; appTime: string },
  ): Promise<void> {
    const { messageId, document, senderCode, receivedAt } = envelope.payload;
    await insertDocument(manager, {
      messageId,
      type,
      ...keys,
      senderCode,
      correlationId: envelope.correlationId,
      document,
      receivedAt,
    });
  }

  private async acknowledge<T extends object>(
    envelope: MessageEnvelope<DocumentAccepted<T>>,
    manager: EntityManager,
    type: CebMessageType,
    orderNo?: string,
    ebpCode?: string,
  ): Promise<void> {
    await this.receipts.issue(manager, {
      messageId: envelope.payload.messageId,
      documentType: type,
      ...(orderNo ? { orderNo } : {}),
      ...(ebpCode ? { ebpCode } : {}),
      returnStatus: CebStatus.Declaring,
      returnInfo: '电子口岸申报中',
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
  }

  /** Decides the case of one order from its current documents; the caller holds the order's lock. */
  private async evaluate(manager: EntityManager, caseKey: string, orderNo: string, by: Trace): Promise<void> {
    await manager.query(
      `INSERT INTO "customs"."export_case" (case_key, order_no) VALUES ($1, $2) ON CONFLICT (case_key) DO NOTHING`,
      [caseKey, orderNo],
    );
    const [row]: CaseRow[] = await manager.query(
      `SELECT ${CASE_COLUMNS} FROM "customs"."export_case" WHERE case_key = $1 FOR UPDATE`,
      [caseKey],
    );
    // A released or cancelled list is past matching: later versions of its documents are recorded (receipt 2) but
    // change nothing.
    if (SETTLED.includes(row.clearance)) return;
    const order = await currentDocument<ExportOrder>(manager, 'CEB303', 'order_key', caseKey);
    const receipt = await currentDocument<ExportReceipt>(manager, 'CEB403', 'order_key', caseKey);
    const list = await currentDocument<ExportInventory>(manager, 'CEB603', 'order_key', caseKey);
    const listHead = list?.document.InventoryHead;
    const waybillKey = listHead ? waybillKeyOf(listHead.logisticsCode, listHead.logisticsNo) : null;
    if (waybillKey !== row.waybill_key) {
      await manager.query(
        `UPDATE "customs"."export_case" SET waybill_key = $2, updated_at = now() WHERE case_key = $1`,
        [caseKey, waybillKey],
      );
    }
    const waybill = waybillKey
      ? await currentDocument<ExportWaybill>(manager, 'CEB505', 'waybill_key', waybillKey)
      : undefined;
    if (!order || !receipt || !list || !waybill) return;

    const docs = {
      order: order.document,
      receipt: receipt.document,
      list: list.document,
      waybill: waybill.document,
    };
    const codes = [
      order.document.OrderHead.ebpCode,
      order.document.OrderHead.ebcCode,
      receipt.document.Receipts.payCode,
      waybill.document.Logistics.logisticsCode,
      list.document.InventoryHead.agentCode,
    ].filter((c): c is string => typeof c === 'string');
    const roles = await registeredRoles(manager, codes);
    const failures = failedRules({
      ...docs,
      isRegistered: (code, role) => roles.get(code)?.includes(role) ?? false,
    });
    const decision: Decision = {
      outcome: failures.length === 0 ? 'passed' : 'failed',
      failures,
      release: failures.length === 0 ? fullDeclarationReasons(list.document) : [],
      documents: {
        CEB303: order.messageId,
        CEB403: receipt.messageId,
        CEB505: waybill.messageId,
        CEB603: list.messageId,
      },
    };
    const previous = row.decision ? (JSON.parse(row.decision) as Decision) : undefined;
    const verdictChanged =
      !previous ||
      previous.outcome !== decision.outcome ||
      JSON.stringify([previous.failures, previous.release]) !==
        JSON.stringify([decision.failures, decision.release]);
    const members: StoredExportDocument<object>[] = [order, receipt, waybill, list];
    const toAnswer = verdictChanged
      ? members
      : members.filter((d) => previous?.documents[d.type as CaseDocumentType] !== d.messageId);
    if (toAnswer.length === 0) return;

    await manager.query(
      `UPDATE "customs"."export_case" SET outcome = $2, decision = $3, updated_at = now() WHERE case_key = $1`,
      [caseKey, decision.outcome, JSON.stringify(decision)],
    );
    if (verdictChanged) {
      await this.publisher.publish(
        manager,
        Topics.MatchResultDecided,
        exportMatchResult({
          caseKey,
          orderNo,
          outcome: decision.outcome,
          failures: decision.failures,
          documents: decision.documents,
        }),
        by,
      );
    }
    const ebpCode = order.document.OrderHead.ebpCode;
    const matchInfo = decision.outcome === 'passed' ? PASSED_INFO : cebReturnInfo(decision.failures);
    const matchStatus = decision.outcome === 'passed' ? CebStatus.Accepted : CebStatus.Refused;
    for (const d of toAnswer) {
      await this.receipts.issue(manager, {
        messageId: d.messageId,
        documentType: d.type,
        ...(d.type === 'CEB505' ? {} : { orderNo, ebpCode }),
        returnStatus: matchStatus,
        returnInfo: matchInfo,
        correlationId: d.correlationId,
        causationId: by.causationId,
      });
    }
    if (!toAnswer.includes(list)) return;

    const { listChange, listTrace } = listEventParts(list, orderNo, by);
    await this.publisher.publish(
      manager,
      Topics.ClearanceStatusChanged,
      exportClearance({
        ...listChange,
        event: decision.outcome === 'passed' ? 'matched' : 'refused',
        returnStatus: matchStatus,
        ...(row.list_status ? { previousStatus: row.list_status } : {}),
        returnInfo: matchInfo,
      }),
      listTrace,
    );
    if (decision.outcome === 'failed') {
      await this.setClearance(manager, caseKey, 'refused', CebStatus.Refused);
      return;
    }
    if (decision.release.length > 0) {
      const info = cebReturnInfo(decision.release);
      await this.listReceipt(manager, list, orderNo, ebpCode, CebStatus.Refused, info, by);
      await this.publisher.publish(
        manager,
        Topics.ClearanceStatusChanged,
        exportClearance({
          ...listChange,
          event: 'refused',
          returnStatus: CebStatus.Refused,
          previousStatus: CebStatus.Accepted,
          returnInfo: info,
        }),
        listTrace,
      );
      await this.setClearance(manager, caseKey, 'full-declaration', CebStatus.Refused);
      return;
    }
    // Credit decides inspection as on import: every list naming a blacklisted party, else a draw at the rate of
    // the worst level among the parties it names.
    const head = list.document.InventoryHead;
    const credit = creditInspection(
      inspectionRatesOf(this.env),
      await creditOfParties(manager, [
        head.ebpCode,
        head.ebcCode,
        head.agentCode,
        head.logisticsCode,
        head.ownerCode,
        receipt.document.Receipts.payCode,
      ]),
      list.identity,
      list.messageId,
    );
    await this.release(
      manager,
      caseKey,
      list,
      orderNo,
      ebpCode,
      by,
      credit.inspect ? credit.reason : undefined,
    );
  }

  /**
   * An officer's result for an export list under inspection (500): `pass` releases it (800) as 清单核放 would
   * have, a detention code keeps it (clearance `detained`). False when no export list of the order is under
   * inspection.
   */
  async recordInspection(
    manager: EntityManager,
    orderNo: string,
    result: string,
    note: string,
    cause: { correlationId: string },
  ): Promise<boolean> {
    const keys: { case_key: string }[] = await manager.query(
      `SELECT case_key FROM "customs"."export_case" WHERE order_no = $1 AND clearance = 'inspection' ORDER BY case_key`,
      [orderNo],
    );
    if (keys.length === 0) return false;
    const caseKey = keys[0].case_key;
    await lock(manager, orderLock(caseKey));
    const [row]: CaseRow[] = await manager.query(
      `SELECT ${CASE_COLUMNS} FROM "customs"."export_case" WHERE case_key = $1 FOR UPDATE`,
      [caseKey],
    );
    const list = await currentDocument<ExportInventory>(manager, 'CEB603', 'order_key', caseKey);
    if (row?.clearance !== 'inspection' || !list || !row.invt_no) return false;
    // The officer's result answers the list under inspection: its message is the cause.
    const by: Trace = { correlationId: cause.correlationId, causationId: list.messageId };
    const ebpCode = caseKey.slice(0, caseKey.indexOf(':'));
    const { listChange, listTrace } = listEventParts(list, orderNo, by);
    if (result === 'pass') {
      await this.finishRelease(
        manager,
        caseKey,
        list,
        orderNo,
        ebpCode,
        row.invt_no,
        by,
        `查验放行 ${note}`.trim(),
      );
      return true;
    }
    const detained = cebReturnInfo([{ code: result, message: `扣留 ${note}`.trim() }]);
    await this.listReceipt(manager, list, orderNo, ebpCode, result, detained, by);
    await this.publisher.publish(
      manager,
      Topics.ClearanceStatusChanged,
      exportClearance({
        ...listChange,
        event: 'detained',
        returnStatus: result,
        previousStatus: CebStatus.Inspection,
        returnInfo: detained,
      }),
      listTrace,
    );
    await this.setClearance(manager, caseKey, 'detained', result);
    return true;
  }

  /**
   * Concludes the list (399, with its list number) and releases it (800), or holds it for inspection (500) when
   * `inspection` gives the reason; the officer's pass releases it later (`recordInspection`).
   */
  private async release(
    manager: EntityManager,
    caseKey: string,
    list: StoredExportDocument<ExportInventory>,
    orderNo: string,
    ebpCode: string,
    by: Trace,
    inspection?: string,
  ): Promise<void> {
    const head = list.document.InventoryHead;
    const invtNo = `${head.customsCode}${chinaYear()}E${await nextNumber(manager, 'export_invt_seq')}`;
    const { listChange, listTrace } = listEventParts(list, orderNo, by);
    const concluded = cebReturnInfo([{ code: '2300', message: `审核通过，清单编号 ${invtNo}` }]);
    await this.listReceipt(manager, list, orderNo, ebpCode, CebStatus.Concluded, concluded, by);
    await this.publisher.publish(
      manager,
      Topics.ClearanceStatusChanged,
      exportClearance({
        ...listChange,
        event: 'changed',
        returnStatus: CebStatus.Concluded,
        previousStatus: CebStatus.Accepted,
        returnInfo: concluded,
      }),
      listTrace,
    );
    if (inspection) {
      await this.listReceipt(manager, list, orderNo, ebpCode, CebStatus.Inspection, inspection, by);
      await this.publisher.publish(
        manager,
        Topics.ClearanceStatusChanged,
        exportClearance({
          ...listChange,
          event: 'inspection',
          returnStatus: CebStatus.Inspection,
          previousStatus: CebStatus.Concluded,
          returnInfo: inspection,
        }),
        listTrace,
      );
      await this.recordList(manager, caseKey, list, invtNo, 'inspection', CebStatus.Inspection);
      return;
    }
    await this.finishRelease(manager, caseKey, list, orderNo, ebpCode, invtNo, by);
  }

  /** 800: the list released on the list (清单核放), after the 399 or an officer's pass of its inspection. */
  private async finishRelease(
    manager: EntityManager,
    caseKey: string,
    list: StoredExportDocument<ExportInventory>,
    orderNo: string,
    ebpCode: string,
    invtNo: string,
    by: Trace,
    inspected?: string,
  ): Promise<void> {
    const head = list.document.InventoryHead;
    const { listChange, listTrace } = listEventParts(list, orderNo, by);
    const flag = head.statisticsFlag === 'A' ? '简化申报，汇总统计' : '汇总申报';
    const released = cebReturnInfo([
      {
        code: '2600',
        message: `放行（${inspected ? `${inspected}，` : ''}清单核放，${flag}），清单编号 ${invtNo}`,
      },
    ]);
    await this.listReceipt(manager, list, orderNo, ebpCode, CebStatus.Released, released, by);
    await this.publisher.publish(
      manager,
      Topics.ClearanceStatusChanged,
      exportClearance({
        ...listChange,
        event: 'released',
        returnStatus: CebStatus.Released,
        previousStatus: inspected ? CebStatus.Inspection : CebStatus.Concluded,
        returnInfo: released,
      }),
      listTrace,
    );
    await this.recordList(manager, caseKey, list, invtNo, 'released', CebStatus.Released);
    await this.progress.catchUp(manager, caseKey, by);
  }

  /** The list's number and figures on its case, with its clearance (`released_at` set on release). */
  private async recordList(
    manager: EntityManager,
    caseKey: string,
    list: StoredExportDocument<ExportInventory>,
    invtNo: string,
    clearance: 'inspection' | 'released',
    listStatus: string,
  ): Promise<void> {
    const head = list.document.InventoryHead;
    const lines = list.document.InventoryList;
    await manager.query(
      `UPDATE "customs"."export_case" SET clearance = $15::varchar, list_status = $16, invt_no = $2,
         list_message_id = $3, customs_code = $4, agent_code = $5, ebc_code = $6, owner_code = $7, trade_mode = $8,
         statistics_flag = $9, currency = $10, goods_value = $11, gross_weight = $12, net_weight = $13,
         pack_no = $14, released_at = CASE WHEN $15::varchar = 'released' THEN now() ELSE released_at END, updated_at = now()
       WHERE case_key = $1`,
      [
        caseKey,
        invtNo,
        list.messageId,
        head.customsCode,
        head.agentCode,
        head.ebcCode,
        head.ownerCode,
        head.tradeMode,
        head.statisticsFlag,
        lines[0].currency,
        money(sum(lines.map((l) => l.totalPrice))),
        head.grossWeight,
        head.netWeight,
        head.packNo,
        clearance,
        listStatus,
      ],
    );
  }

  private async listReceipt(
    manager: EntityManager,
    list: StoredExportDocument<ExportInventory>,
    orderNo: string,
    ebpCode: string,
    returnStatus: string,
    returnInfo: string,
    by: Trace,
  ): Promise<void> {
    await this.receipts.issue(manager, {
      messageId: list.messageId,
      documentType: 'CEB603',
      orderNo,
      ebpCode,
      returnStatus,
      returnInfo,
      correlationId: list.correlationId,
      causationId: by.causationId,
    });
  }

  private async setClearance(manager: EntityManager, caseKey: string, clearance: string, status: string) {
    await manager.query(
      `UPDATE "customs"."export_case" SET clearance = $2, list_status = $3, updated_at = now() WHERE case_key = $1`,
      [caseKey, clearance, status],
    );
  }
}

const trace = (envelope: MessageEnvelope<unknown>): Trace => ({
  correlationId: envelope.correlationId,
  causationId: envelope.id,
});

/**
 * What every clearance event of an export list carries about the list (its e-commerce enterprise too, so credit
 * files the facts under it), and the trace of events the list's own message answers.
 */
function listEventParts(list: StoredExportDocument<ExportInventory>, orderNo: string, by: Trace) {
  return {
    listChange: {
      listMessageId: list.messageId,
      listIdentity: list.identity,
      orderNo,
      ebcCode: list.document.InventoryHead.ebcCode,
    },
    listTrace: { correlationId: list.correlationId, causationId: by.causationId },
  };
}
