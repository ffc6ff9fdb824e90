import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  AppType,
  CebStatus,
  type DocumentAccepted,
  type ExportMasterBill,
  type ImportDelivery,
  type MessageEnvelope,
} from '@swx/contracts';

import { billLock, lock } from '../export/export-store';
import { cebReturnInfo, ReceiptIssuer } from '../shared/receipt-issuer';

/** At most this many waybills are named one by one in a receipt (returnInfo holds 1000 characters). */
const NAMED_AT_MOST = 20;

const named = (nos: string[]): string =>
  nos.length <= NAMED_AT_MOST
    ? nos.join(', ')
    : `${nos.slice(0, NAMED_AT_MOST).join(', ')} … (${nos.length})`;

/** `export_logistics_event.kind` of the row that records a departure (its message id) under a bill number. */
export const DEPARTED_UNDER_BILL = 'bill';

/**
 * The logistics declarations customs answers besides arrival and departure: the supervised site's arrival of
 * import parcels (CEB711 入库明细单, receipt CEB712) and the export master bill (CEB607 清单总分单, receipt CEB608).
 * Both are registered (399) and their receipts name the waybills customs does not know: an import waybill never
 * declared (CEB511), an export waybill never declared (CEB505). That is judged when the receipt is issued: a
 * waybill declared after its master bill stays named in the CEB608, as the standard has no later correction of a
 * receipt and the carrier's CEB506 for the waybill tells it the waybill is now known.
 *
 * The master bill's waybills are kept, so a departure (CEB509) under that bill is reconciled against them
 * (`notInMasterBill`), whichever comes first: each departure is recorded under its bill (`departedUnderBill`), and a
 * master bill that comes after departures under its bill checks them and answers each departure that holds
 * waybills the bill does not with a further CEB510 naming them, as its first CEB510 would have. Both sides take
 * the bill's advisory lock first, so a departure and its master bill handled at the same time on two instances
 * still see each other.
 */
@Injectable()
export class LogisticsDeclarations {
  constructor(private readonly receipts: ReceiptIssuer) {}

  async onDelivery(envelope: MessageEnvelope<DocumentAccepted<ImportDelivery>>, manager: EntityManager) {
    const { DeliveryHead: head, DeliveryList: lines } = envelope.payload.document;
    const nos = [...new Set(lines.map((l) => l.logisticsNo))];
    const known: { no: string }[] = await manager.query(
      `SELECT DISTINCT document->'LogisticsHead'->>'logisticsNo' AS no FROM "customs"."declared_document"
        WHERE document_type = 'CEB511' AND document->'LogisticsHead'->>'logisticsNo' = ANY($1)
          AND document->'LogisticsHead'->>'logisticsCode' = $2`,
      [nos, head.logisticsCode],
    );
    const knownSet = new Set(known.map((k) => k.no));
    const unknown = nos.filter((no) => !knownSet.has(no));
    await this.receipts.issue(manager, {
      messageId: envelope.payload.messageId,
      documentType: 'CEB711',
      returnStatus: CebStatus.Concluded,
      returnInfo: cebReturnInfo([
        { code: '2900', message: `入库登记 ${nos.length} 票，提运单 ${head.billNo}` },
        ...(unknown.length ? [{ code: '2901', message: `运单未申报 (CEB511): ${named(unknown)}` }] : []),
      ]),
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
  }

  async onMasterBill(envelope: MessageEnvelope<DocumentAccepted<ExportMasterBill>>, manager: EntityManager) {
    const { WayBillHead: head, WayBillList: lines } = envelope.payload.document;
    await lock(manager, billLock(head.logisticsCode, head.billNo));
    await manager.query(
      `DELETE FROM "customs"."master_bill_waybill" WHERE agent_code = $1 AND cop_no = $2 AND msg_seq_no = $3`,
      [head.agentCode, head.copNo, head.msgSeqNo],
    );
    const nos = [...new Set((lines ?? []).map((l) => l.logisticsNo))].sort();
    if (head.appType === AppType.Delete) {
      await this.answer(envelope, manager, [{ code: '2610', message: `总分单 ${head.billNo} 已删除` }]);
      return;
    }
    await manager.query(
      `INSERT INTO "customs"."master_bill_waybill"
         (logistics_code, bill_no, logistics_no, agent_code, cop_no, msg_seq_no, message_id)
       SELECT $1, $2, no, $3, $4, $5, $6 FROM unnest($7::varchar[]) AS no
       ON CONFLICT (logistics_code, bill_no, logistics_no) DO UPDATE
         SET agent_code = EXCLUDED.agent_code, cop_no = EXCLUDED.cop_no, msg_seq_no = EXCLUDED.msg_seq_no,
             message_id = EXCLUDED.message_id`,
      [
        head.logisticsCode,
        head.billNo,
        head.agentCode,
        head.copNo,
        head.msgSeqNo,
        envelope.payload.messageId,
        nos,
      ],
    );
    const keys = nos.map((no) => `${head.logisticsCode}:${no}`);
    const known: { waybill_key: string }[] = await manager.query(
      `SELECT DISTINCT waybill_key FROM "customs"."export_document"
        WHERE document_type = 'CEB505' AND waybill_key = ANY($1)`,
      [keys],
    );
    const knownSet = new Set(known.map((k) => k.waybill_key));
    const unknown = nos.filter((no) => !knownSet.has(`${head.logisticsCode}:${no}`));
    await this.answer(envelope, manager, [
      { code: '2610', message: `总分单登记 ${nos.length} 票，提运单 ${head.billNo}` },
      ...(unknown.length ? [{ code: '2611', message: `运单未申报 (CEB505): ${named(unknown)}` }] : []),
    ]);
    await this.recheckDepartures(envelope, manager, head.logisticsCode, head.billNo);
  }

  /**
   * Records a departure under its bill number (under the bill's lock), so a master bill for the bill that comes
   * later reconciles it. Call before `notInMasterBill`, in the departure's transaction.
   */
  async departedUnderBill(
    manager: EntityManager,
    logisticsCode: string,
    billNo: string | undefined,
    messageId: string,
  ): Promise<void> {
    if (!billNo) return;
    await lock(manager, billLock(logisticsCode, billNo));
    await manager.query(
      `INSERT INTO "customs"."export_logistics_event" (waybill_key, kind, message_id, occurred_at)
       VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING`,
      [`${logisticsCode}:${billNo}`, DEPARTED_UNDER_BILL, messageId],
    );
  }

  /** The departures already recorded under a bill, reconciled against its master bill as it now stands. */
  private async recheckDepartures(
    envelope: MessageEnvelope<DocumentAccepted<ExportMasterBill>>,
    manager: EntityManager,
    logisticsCode: string,
    billNo: string,
  ): Promise<void> {
    const rows: { message_id: string; waybill_key: string }[] = await manager.query(
      `SELECT e.message_id, e.waybill_key FROM "customs"."export_logistics_event" b
         JOIN "customs"."export_logistics_event" e ON e.message_id = b.message_id AND e.kind = 'departure'
        WHERE b.waybill_key = $1 AND b.kind = $2
        ORDER BY e.message_id, e.waybill_key`,
      [`${logisticsCode}:${billNo}`, DEPARTED_UNDER_BILL],
    );
    const byDeparture = new Map<string, string[]>();
    for (const r of rows)
      byDeparture.set(r.message_id, [
        ...(byDeparture.get(r.message_id) ?? []),
        r.waybill_key.slice(logisticsCode.length + 1),
      ]);
    for (const [messageId, nos] of byDeparture) {
      const outside = await this.notInMasterBill(manager, logisticsCode, billNo, nos);
      if (!outside?.length) continue;
      await this.receipts.issue(manager, {
        messageId,
        documentType: 'CEB509',
        returnStatus: CebStatus.Concluded,
        returnInfo: cebReturnInfo([
          { code: '2703', message: `总分单 ${billNo} 登记后复核离境单` },
          LogisticsDeclarations.describeNotInMasterBill(billNo, outside),
        ]),
        correlationId: envelope.correlationId,
        causationId: envelope.id,
      });
    }
  }

  /**
   * The waybills of a departure that its master bill does not hold, when the carrier declared one for the bill;
   * undefined when there is no master bill (export without CEB607 stays as it was).
   */
  async notInMasterBill(
    manager: EntityManager,
    logisticsCode: string,
    billNo: string | undefined,
    logisticsNos: string[],
  ): Promise<string[] | undefined> {
    if (!billNo) return undefined;
    const rows: { logistics_no: string }[] = await manager.query(
      `SELECT logistics_no FROM "customs"."master_bill_waybill" WHERE logistics_code = $1 AND bill_no = $2`,
      [logisticsCode, billNo],
    );
    if (rows.length === 0) return undefined;
    const held = new Set(rows.map((r) => r.logistics_no));
    return [...new Set(logisticsNos)].filter((no) => !held.has(no)).sort();
  }

  private answer(
    envelope: MessageEnvelope<DocumentAccepted<ExportMasterBill>>,
    manager: EntityManager,
    entries: { code: string; message: string }[],
  ) {
    return this.receipts.issue(manager, {
      messageId: envelope.payload.messageId,
      documentType: 'CEB607',
      returnStatus: CebStatus.Concluded,
      returnInfo: cebReturnInfo(entries),
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
  }

  static describeNotInMasterBill(billNo: string, nos: string[]): { code: string; message: string } {
    return { code: '2702', message: `运单不在总分单 ${billNo} 中: ${named(nos)}` };
  }
}
