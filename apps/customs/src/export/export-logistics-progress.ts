import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  CebStatus,
  type DocumentAccepted,
  type ExportArrival,
  type ExportDeparture,
  type MessageEnvelope,
  Topics,
} from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { LogisticsDeclarations } from '../logistics-declarations/logistics-declarations.usecase';
import { cebReturnInfo, ReceiptIssuer } from '../shared/receipt-issuer';
import { exportClearance } from './export-events';
import { CASE_COLUMNS, type CaseRow } from './export-store';

type Movement = 'arrival' | 'departure';

interface Trace {
  correlationId: string;
  causationId: string;
}

interface ListRow extends CaseRow {
  list_correlation_id: string | null;
}

/**
 * Arrival (CEB507, 运抵) and departure (CEB509, 离境) of released lists. Each movement of a waybill is kept, so
 * one that comes before its list is released takes effect at the release: the outcome does not depend on the
 * order of the documents. Arrival is recorded on the list (it stays 800); departure closes it (899 结关).
 */
@Injectable()
export class ExportLogisticsProgress {
  constructor(
    private readonly receipts: ReceiptIssuer,
    private readonly publisher: EventPublisher,
    private readonly masterBills: LogisticsDeclarations,
  ) {}

  async onArrival(envelope: MessageEnvelope<DocumentAccepted<ExportArrival>>, manager: EntityManager) {
    const head = envelope.payload.document.ArrivalHead;
    const waybills = (envelope.payload.document.ArrivalList ?? []).map((l) => l.logisticsNo);
    await this.onMovement(envelope, manager, 'arrival', head.logisticsCode, head.copNo, waybills);
  }

  async onDeparture(envelope: MessageEnvelope<DocumentAccepted<ExportDeparture>>, manager: EntityManager) {
    const head = envelope.payload.document.DepartureHead;
    const waybills = envelope.payload.document.DepartureList.map((l) => l.logisticsNo);
    // Where the carrier declared a master bill (CEB607) for the bill, the departure is reconciled against it; a
    // master bill that comes later reconciles the departure recorded here under its bill.
    await this.masterBills.departedUnderBill(
      manager,
      head.logisticsCode,
      head.billNo,
      envelope.payload.messageId,
    );
    const outside = await this.masterBills.notInMasterBill(
      manager,
      head.logisticsCode,
      head.billNo,
      waybills,
    );
    const extra = outside?.length
      ? [LogisticsDeclarations.describeNotInMasterBill(head.billNo ?? '', outside)]
      : [];
    await this.onMovement(envelope, manager, 'departure', head.logisticsCode, head.copNo, waybills, extra);
  }

  /** Applies the movements already recorded for a case's waybill; called when its list is released. */
  async catchUp(manager: EntityManager, caseKey: string, by: Trace): Promise<void> {
    const [row] = await this.lockCases(manager, 'case_key = ANY($1)', [[caseKey]]);
    if (!row?.waybill_key) return;
    const kinds: { kind: Movement }[] = await manager.query(
      `SELECT DISTINCT kind FROM "customs"."export_logistics_event" WHERE waybill_key = $1`,
      [row.waybill_key],
    );
    const recorded = new Set(kinds.map((k) => k.kind));
    if (recorded.has('arrival')) await this.advance(manager, row, 'arrival', by);
    if (recorded.has('departure'))
      await this.advance(manager, { ...row, clearance: 'arrived' }, 'departure', by);
  }

  private async onMovement(
    envelope: MessageEnvelope<DocumentAccepted<ExportArrival | ExportDeparture>>,
    manager: EntityManager,
    kind: Movement,
    logisticsCode: string,
    copNo: string,
    logisticsNos: string[],
    extraEntries: { code: string; message: string }[] = [],
  ): Promise<void> {
    const keys = [...new Set(logisticsNos.map((no) => `${logisticsCode}:${no}`))].sort();
    for (const key of keys) {
      await manager.query(
        `INSERT INTO "customs"."export_logistics_event" (waybill_key, kind, message_id, occurred_at)
         VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING`,
        [key, kind, envelope.payload.messageId],
      );
    }
    const by = { correlationId: envelope.correlationId, causationId: envelope.id };
    const rows = await this.lockCases(manager, 'waybill_key = ANY($1)', [keys]);
    const moved = new Set<string>();
    for (const row of rows) {
      if (await this.advance(manager, row, kind, by)) moved.add(row.waybill_key ?? '');
    }
    const waiting = keys.filter((k) => !moved.has(k)).map((k) => k.slice(logisticsCode.length + 1));
    const entries = [
      {
        code: kind === 'arrival' ? '2500' : '2700',
        message:
          kind === 'arrival'
            ? `运抵登记 ${keys.length} 票，已放行清单 ${moved.size} 票`
            : `离境登记 ${keys.length} 票，结关清单 ${moved.size} 票`,
      },
      ...waiting.map((no) => ({
        code: kind === 'arrival' ? '2501' : '2701',
        message: `运单 ${no} 尚无可${kind === 'arrival' ? '运抵' : '离境'}的放行清单，清单放行后生效`,
      })),
      ...extraEntries,
    ];
    await this.receipts.issue(manager, {
      messageId: envelope.payload.messageId,
      documentType: kind === 'arrival' ? 'CEB507' : 'CEB509',
      returnStatus: CebStatus.Concluded,
      returnInfo: cebReturnInfo(entries),
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
  }

  private async lockCases(manager: EntityManager, where: string, params: unknown[]): Promise<ListRow[]> {
    return manager.query(
      `SELECT ${CASE_COLUMNS}, (SELECT correlation_id FROM "customs"."export_document" d
                                 WHERE d.message_id = c.list_message_id) AS list_correlation_id
         FROM "customs"."export_case" c WHERE ${where} ORDER BY case_key FOR UPDATE OF c`,
      params,
    );
  }

  /** Moves one released list on; false when the list is not (or no longer) in a state the movement applies to. */
  private async advance(manager: EntityManager, row: ListRow, kind: Movement, by: Trace): Promise<boolean> {
    if (!row.list_message_id) return false;
    const ebpCode = row.case_key.slice(0, row.case_key.indexOf(':'));
    const change = {
      listMessageId: row.list_message_id,
      listIdentity: row.invt_no ?? row.case_key,
      orderNo: row.order_no,
    };
    if (kind === 'arrival' && row.clearance === 'released') {
      await manager.query(
        `UPDATE "customs"."export_case" SET clearance = 'arrived', arrived_at = now(), updated_at = now()
          WHERE case_key = $1`,
        [row.case_key],
      );
      await this.publisher.publish(
        manager,
        Topics.ClearanceStatusChanged,
        exportClearance({
          ...change,
          event: 'changed',
          returnStatus: CebStatus.Released,
          previousStatus: CebStatus.Released,
          returnInfo: cebReturnInfo([{ code: '2500', message: `已运抵，清单编号 ${row.invt_no}` }]),
        }),
        by,
      );
      return true;
    }
    if (kind === 'departure' && (row.clearance === 'released' || row.clearance === 'arrived')) {
      await manager.query(
        `UPDATE "customs"."export_case" SET clearance = 'closed', list_status = '899', departed_at = now(),
           updated_at = now() WHERE case_key = $1`,
        [row.case_key],
      );
      const info = cebReturnInfo([{ code: '2700', message: `已离境，结关，清单编号 ${row.invt_no}` }]);
      await this.publisher.publish(
        manager,
        Topics.ClearanceStatusChanged,
        exportClearance({
          ...change,
          event: 'closed',
          returnStatus: CebStatus.Closed,
          previousStatus: CebStatus.Released,
          returnInfo: info,
        }),
        by,
      );
      await this.receipts.issue(manager, {
        messageId: row.list_message_id,
        documentType: 'CEB603',
        orderNo: row.order_no,
        ebpCode,
        returnStatus: CebStatus.Closed,
        returnInfo: info,
        correlationId: row.list_correlation_id ?? by.correlationId,
        causationId: by.causationId,
      });
      return true;
    }
    return false;
  }
}
