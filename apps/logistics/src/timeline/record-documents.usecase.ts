import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';

import {
  AppType,
  type ClearanceStatusChanged,
  type DocumentAccepted,
  type ExportArrival,
  type ExportDeparture,
  type ExportInventory,
  type ExportMasterBill,
  type ExportWaybill,
  type ImportDelivery,
  type ImportInventory,
  type ImportWaybill,
  type ImportWaybillStatus,
  type MessageEnvelope,
  type TimelineEventKind,
} from '@swx/contracts';

import { cebTimeToEpoch, type TimelineEvent } from './timeline';
import { type WaybillChange, type WaybillFacts, WaybillTimeline } from './waybill-timeline';

type Accepted<T extends object> = MessageEnvelope<DocumentAccepted<T>>;

/** The clearance events that belong on a parcel's timeline, and how they read there. */
const CLEARANCE_KINDS: Partial<Record<ClearanceStatusChanged['event'], TimelineEventKind>> = {
  released: 'customs-released',
  inspection: 'inspection',
  detained: 'inspection',
  returned: 'returned',
};

/**
 * Turns each accepted document and clearance event into facts and events on the timelines of the waybills it
 * names. Event ids come from the documents' identities, so a redelivered or replayed document adds nothing.
 */
@Injectable()
export class RecordDocuments {
  constructor(private readonly timeline: WaybillTimeline) {}

  async importWaybill(envelope: Accepted<ImportWaybill>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.LogisticsHead;
    const masked = envelope.payload.masked ?? {};
    await this.timeline.apply(manager, envelope, h.logisticsNo, {
      facts: {
        logisticsCode: h.logisticsCode,
        flow: 'import',
        orderNo: h.orderNo,
        consigneeMasked: masked['LogisticsHead.consignee'],
        addressMasked: masked['LogisticsHead.consigneeAddress'],
        telephoneMasked: masked['LogisticsHead.consigneeTelephone'],
        waybillWeight: h.weight,
        waybillAppTime: h.appTime,
      },
      events: [
        declared(
          'CEB511',
          `${h.logisticsCode}:${h.logisticsNo}:${h.appTime}`,
          h.appTime,
          h.appType,
          h.logisticsName,
        ),
      ],
    });
  }

  async importWaybillStatus(envelope: Accepted<ImportWaybillStatus>, manager: EntityManager): Promise<void> {
    const s = envelope.payload.document.LogisticsStatus;
    const facts: WaybillFacts = { logisticsCode: s.logisticsCode, flow: 'import' };
    const event: TimelineEvent = {
      eventId: `CEB513:${s.logisticsCode}:${s.logisticsNo}:${s.logisticsTime}`,
      kind: 'delivered',
      source: 'CEB513',
      occurredAt: cebTimeToEpoch(s.logisticsTime),
      carrier: s.logisticsName,
      ...(s.note ? { note: s.note.slice(0, 500) } : {}),
    };
    // appType 3 deletes the status it names (same waybill and logisticsTime): off the timeline, whatever order
    // the two come in.
    if (s.appType === AppType.Delete)
      await this.timeline.withdraw(manager, envelope, s.logisticsNo, [event], facts);
    else await this.timeline.apply(manager, envelope, s.logisticsNo, { facts, events: [event] });
  }

  async exportWaybill(envelope: Accepted<ExportWaybill>, manager: EntityManager): Promise<void> {
    const l = envelope.payload.document.Logistics;
    await this.timeline.apply(manager, envelope, l.logisticsNo, {
      facts: {
        logisticsCode: l.logisticsCode,
        flow: 'export',
        ...(l.ebcCode ? { ebcCode: l.ebcCode } : {}),
        waybillWeight: l.grossWeight,
        waybillAppTime: l.appTime,
      },
      events: [
        declared(
          'CEB505',
          `${l.logisticsCode}:${l.logisticsNo}:${l.appTime}`,
          l.appTime,
          l.appType,
          l.logisticsName,
        ),
      ],
    });
  }

  async importList(envelope: Accepted<ImportInventory>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.InventoryHead;
    await this.list(envelope, manager, h.logisticsNo, {
      logisticsCode: h.logisticsCode,
      flow: 'import',
      orderNo: h.orderNo,
      ebpCode: h.ebpCode,
      ebcCode: h.ebcCode,
      agentCode: h.agentCode,
      listWeight: h.grossWeight,
    });
  }

  async exportList(envelope: Accepted<ExportInventory>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.InventoryHead;
    if (h.tradeMode === '9810') {
      // 出口海外仓: the goods go into an overseas warehouse, whose inbound movement may name this waybill.
      const quantity = envelope.payload.document.InventoryList.reduce(
        (sum, l) => sum.plus(l.qty),
        new Decimal(0),
      );
      await manager.query(
        `INSERT INTO "logistics"."export_list_9810" (logistics_no, list_message_id, ebc_code, quantity)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (logistics_no) DO UPDATE SET list_message_id = EXCLUDED.list_message_id,
           ebc_code = EXCLUDED.ebc_code, quantity = EXCLUDED.quantity`,
        [h.logisticsNo, envelope.payload.messageId, h.ebcCode, quantity.toFixed()],
      );
    }
    await this.list(envelope, manager, h.logisticsNo, {
      logisticsCode: h.logisticsCode,
      flow: 'export',
      orderNo: h.orderNo,
      ebpCode: h.ebpCode,
      ebcCode: h.ebcCode,
      agentCode: h.agentCode,
      listWeight: h.grossWeight,
    });
  }

  async arrival(envelope: Accepted<ExportArrival>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.ArrivalHead;
    const event: Omit<TimelineEvent, 'eventId'> & { eventId: string } = {
      eventId: `CEB507:${h.logisticsCode}:${h.copNo}:${h.msgSeqNo}`,
      kind: 'arrived',
      source: 'CEB507',
      occurredAt: cebTimeToEpoch(h.appTime),
      place: h.operatorName,
      ...(h.billNo ? { note: `提运单 ${h.billNo}` } : {}),
    };
    const nos = (envelope.payload.document.ArrivalList ?? []).map((l) => l.logisticsNo);
    await this.each(manager, envelope, nos, { logisticsCode: h.logisticsCode, flow: 'export' }, event);
  }

  async departure(envelope: Accepted<ExportDeparture>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.DepartureHead;
    const event: TimelineEvent = {
      eventId: `CEB509:${h.logisticsCode}:${h.copNo}:${h.msgSeqNo}`,
      kind: 'departed',
      source: 'CEB509',
      occurredAt: cebTimeToEpoch(h.leaveTime),
      ...(h.voyageNo ? { place: `${h.trafName ?? ''} ${h.voyageNo}`.trim() } : {}),
      ...(h.billNo ? { note: `提运单 ${h.billNo}` } : {}),
    };
    const nos = envelope.payload.document.DepartureList.map((l) => l.logisticsNo);
    await this.each(manager, envelope, nos, { logisticsCode: h.logisticsCode, flow: 'export' }, event);
  }

  async delivery(envelope: Accepted<ImportDelivery>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.DeliveryHead;
    const event: TimelineEvent = {
      eventId: `CEB711:${h.operatorCode}:${h.copNo}`,
      kind: 'arrived',
      source: 'CEB711',
      occurredAt: cebTimeToEpoch(h.appTime),
      place: h.unloadLocation || h.operatorName,
      note: `入库 ${h.operatorName}，提运单 ${h.billNo}`.slice(0, 500),
    };
    const nos = envelope.payload.document.DeliveryList.map((l) => l.logisticsNo);
    await this.each(manager, envelope, nos, { logisticsCode: h.logisticsCode, flow: 'import' }, event);
  }

  async masterBill(envelope: Accepted<ExportMasterBill>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.WayBillHead;
    const event: TimelineEvent = {
      eventId: `CEB607:${h.agentCode}:${h.copNo}:${h.msgSeqNo}:${h.appTime}`,
      kind: 'consolidated',
      source: 'CEB607',
      occurredAt: cebTimeToEpoch(h.appTime),
      note: `总分单 提运单 ${h.billNo}${h.appType === '3' ? ' (删除)' : ''}`,
    };
    const nos = envelope.payload.document.WayBillList.map((l) => l.logisticsNo);
    await this.each(manager, envelope, nos, { logisticsCode: h.logisticsCode, flow: 'export' }, event);
  }

  /**
   * A clearance event is kept by list; it reaches the timeline when the list's waybill is known (now, or when
   * the list comes), so the two topics may arrive in either order.
   */
  async clearance(envelope: MessageEnvelope<ClearanceStatusChanged>, manager: EntityManager): Promise<void> {
    const p = envelope.payload;
    const kind = CLEARANCE_KINDS[p.event];
    if (!kind) return;
    const eventId = `customs:${p.listMessageId}:${p.event}`;
    await manager.query(
      `INSERT INTO "logistics"."clearance_event" (list_message_id, event_id, kind, occurred_at, note)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [p.listMessageId, eventId, kind, p.occurredAt, `${p.returnStatus} ${p.returnInfo}`.slice(0, 500)],
    );
    const [list] = (await manager.query(
      `SELECT logistics_no FROM "logistics"."list_waybill" WHERE list_message_id = $1`,
      [p.listMessageId],
    )) as { logistics_no: string }[];
    if (!list) return;
    await this.applyClearance(manager, envelope, list.logistics_no, p.listMessageId);
  }

  private async list(
    envelope: Accepted<object>,
    manager: EntityManager,
    logisticsNo: string,
    facts: WaybillFacts,
  ) {
    await manager.query(
      `INSERT INTO "logistics"."list_waybill" (list_message_id, logistics_no) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [envelope.payload.messageId, logisticsNo],
    );
    await this.timeline.apply(manager, envelope, logisticsNo, { facts });
    await this.applyClearance(manager, envelope, logisticsNo, envelope.payload.messageId);
  }

  private async applyClearance(
    manager: EntityManager,
    cause: MessageEnvelope<unknown>,
    logisticsNo: string,
    listMessageId: string,
  ): Promise<void> {
    const rows: { event_id: string; kind: TimelineEventKind; occurred_at: Date; note: string | null }[] =
      await manager.query(
        `SELECT event_id, kind, occurred_at, note FROM "logistics"."clearance_event" WHERE list_message_id = $1`,
        [listMessageId],
      );
    if (rows.length === 0) return;
    const events: TimelineEvent[] = rows.map((r) => ({
      eventId: r.event_id,
      kind: r.kind,
      source: 'customs',
      occurredAt: r.occurred_at.getTime(),
      ...(r.note ? { note: r.note } : {}),
    }));
    const release = events.filter((e) => e.kind === 'customs-released').map((e) => e.occurredAt);
    await this.timeline.apply(manager, cause, logisticsNo, {
      events,
      ...(release.length ? { releasedAt: Math.min(...release) } : {}),
    });
  }

  /** One event on many waybills, all applied at once (locked in waybill order, so documents cannot deadlock). */
  private async each(
    manager: EntityManager,
    cause: MessageEnvelope<unknown>,
    logisticsNos: string[],
    facts: WaybillFacts,
    event: TimelineEvent,
  ): Promise<void> {
    const changes = new Map<string, WaybillChange>();
    for (const no of new Set(logisticsNos)) changes.set(no, { facts, events: [event] });
    await this.timeline.applyMany(manager, cause, changes);
  }
}

function declared(
  source: 'CEB511' | 'CEB505',
  id: string,
  appTime: string,
  appType: string,
  carrier: string,
): TimelineEvent {
  return {
    eventId: `${source}:${id}`,
    kind: 'declared',
    source,
    occurredAt: cebTimeToEpoch(appTime),
    carrier,
    note: appType === '1' ? '运单申报' : appType === '2' ? '运单变更' : '运单删除',
  };
}
