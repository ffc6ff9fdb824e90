import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { type TimelineEventKind, type TimelineSource, Topics } from '@swx/contracts';
import { type Cause, EventPublisher } from '@swx/messaging';

import { type AnomalyFinding, evaluateAnomalies, type WaybillState } from '../anomalies/anomaly-rules';
import { AnomalyLedger } from '../anomalies/anomaly-ledger';
import { LogisticsEnv } from '../logistics.env';
import { advanceStatus, chinaIso, type TimelineEvent } from './timeline';

/** What a document tells about a waybill besides events: its parties, consignee (masked), weights. */
export interface WaybillFacts {
  logisticsCode?: string;
  flow?: 'import' | 'export';
  orderNo?: string;
  ebpCode?: string;
  ebcCode?: string;
  agentCode?: string;
  consigneeMasked?: string;
  telephoneMasked?: string;
  addressMasked?: string;
  /** The waybill's own gross weight and the appTime of the version that declared it (a newer version wins). */
  waybillWeight?: string;
  waybillAppTime?: string;
  listWeight?: string;
}

export interface WaybillRow {
  logistics_no: string;
  logistics_code: string | null;
  flow: 'import' | 'export' | null;
  order_no: string | null;
  ebp_code: string | null;
  ebc_code: string | null;
  agent_code: string | null;
  consignee_masked: string | null;
  telephone_masked: string | null;
  address_masked: string | null;
  waybill_weight: string | null;
  waybill_app_time: string | null;
  list_weight: string | null;
  released_at: Date | null;
  delivered_at: Date | null;
  last_scan_at: Date | null;
  status: string | null;
  status_event_id: string | null;
  status_at: Date | null;
}

export interface StoredEventRow {
  event_id: string;
  kind: TimelineEventKind;
  source: TimelineSource;
  occurred_at: Date;
  place: string | null;
  carrier: string | null;
  reported_by: string | null;
  note: string | null;
}

/** The carrier's own scans and the delivery status (CEB513): what the no-scan rule counts as a scan. */
const SCAN_SOURCES: ReadonlySet<TimelineSource> = new Set(['carrier', 'CEB513']);

export const eventOfRow = (r: StoredEventRow): TimelineEvent => ({
  eventId: r.event_id,
  kind: r.kind,
  source: r.source,
  occurredAt: r.occurred_at.getTime(),
  ...(r.place ? { place: r.place } : {}),
  ...(r.carrier ? { carrier: r.carrier } : {}),
  ...(r.note ? { note: r.note } : {}),
});

/**
 * Everything that changes a waybill goes through here, under the waybill's row lock (so two instances, or two
 * partitions, serialise on it): facts are merged (a newer waybill version wins, the earliest release and
 * delivery count), events are inserted once per id (a duplicate is a no-op), the status advances to the latest
 * event by its own time and is published when it moved, and the anomalies are re-evaluated and published when
 * they turn (detected or withdrawn).
 */
@Injectable()
export class WaybillTimeline {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly anomalies: AnomalyLedger,
    private readonly env: LogisticsEnv,
  ) {}

  /** Locks the waybill, creating its row when it is new. */
  async lock(manager: EntityManager, logisticsNo: string): Promise<WaybillRow> {
    await manager.query(
      `INSERT INTO "logistics"."waybill" (logistics_no) VALUES ($1) ON CONFLICT (logistics_no) DO NOTHING`,
      [logisticsNo],
    );
    const [row] = (await manager.query(
      `SELECT * FROM "logistics"."waybill" WHERE logistics_no = $1 FOR UPDATE`,
      [logisticsNo],
    )) as WaybillRow[];
    return row;
  }

  /**
   * Applies facts, events and a release time to one waybill. Returns the events that were new (duplicates
   * excluded). `reportedBy` is the enterprise that sent the events (carrier scans).
   */
  async apply(
    manager: EntityManager,
    cause: Cause,
    logisticsNo: string,
    change: { facts?: WaybillFacts; events?: TimelineEvent[]; releasedAt?: number; reportedBy?: string },
  ): Promise<TimelineEvent[]> {
    const row = await this.lock(manager, logisticsNo);
    const facts = change.facts ?? {};
    const events = change.events ?? [];

    const inserted = events.length
      ? await this.insertEvents(manager, logisticsNo, events, change.reportedBy)
      : [];
    const newer = facts.waybillAppTime !== undefined && (row.waybill_app_time ?? '') <= facts.waybillAppTime;
    const pick = <K extends keyof WaybillRow>(column: K, value: WaybillRow[K] | undefined): WaybillRow[K] =>
      value !== undefined && (row[column] === null || newer) ? value : row[column];
    const earliest = (current: Date | null, candidates: number[]): Date | null => {
      const all = [...(current ? [current.getTime()] : []), ...candidates];
      return all.length ? new Date(Math.min(...all)) : null;
    };
    const latest = (current: Date | null, candidates: number[]): Date | null => {
      const all = [...(current ? [current.getTime()] : []), ...candidates];
      return all.length ? new Date(Math.max(...all)) : null;
    };
    const next: WaybillRow = {
      ...row,
      // The waybill's own declaration names its carrier; other documents and a first scan only fill a gap.
      logistics_code:
        (facts.waybillAppTime !== undefined ? facts.logisticsCode : undefined) ??
        row.logistics_code ??
        facts.logisticsCode ??
        change.reportedBy ??
        null,
      flow: row.flow ?? facts.flow ?? null,
      order_no: pick('order_no', facts.orderNo),
      ebp_code: row.ebp_code ?? facts.ebpCode ?? null,
      ebc_code: row.ebc_code ?? facts.ebcCode ?? null,
      agent_code: row.agent_code ?? facts.agentCode ?? null,
      consignee_masked: pick('consignee_masked', facts.consigneeMasked),
      telephone_masked: pick('telephone_masked', facts.telephoneMasked),
      address_masked: pick('address_masked', facts.addressMasked),
      waybill_weight:
        facts.waybillAppTime !== undefined ? pick('waybill_weight', facts.waybillWeight) : row.waybill_weight,
      waybill_app_time: newer ? (facts.waybillAppTime ?? null) : row.waybill_app_time,
      list_weight: facts.listWeight ?? row.list_weight,
      released_at: earliest(row.released_at, change.releasedAt !== undefined ? [change.releasedAt] : []),
      delivered_at: earliest(
        row.delivered_at,
        inserted.filter((e) => e.kind === 'delivered').map((e) => e.occurredAt),
      ),
      last_scan_at: latest(
        row.last_scan_at,
        inserted.filter((e) => SCAN_SOURCES.has(e.source)).map((e) => e.occurredAt),
      ),
    };

    if (facts.orderNo) {
      await manager.query(
        `INSERT INTO "logistics"."waybill_order" (logistics_no, order_no) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [logisticsNo, facts.orderNo],
      );
    }

    const current: TimelineEvent | undefined =
      row.status_event_id && row.status && row.status_at
        ? {
            eventId: row.status_event_id,
            kind: row.status as TimelineEventKind,
            source: 'carrier',
            occurredAt: row.status_at.getTime(),
          }
        : undefined;
    const status = advanceStatus(current, inserted);
    const moved = status !== undefined && status !== current;
    if (moved) {
      next.status = status.kind;
      next.status_event_id = status.eventId;
      next.status_at = new Date(status.occurredAt);
    }

    await manager.query(
      `UPDATE "logistics"."waybill" SET logistics_code = $2, flow = $3, order_no = $4, ebp_code = $5, ebc_code = $6,
         agent_code = $7, consignee_masked = $8, telephone_masked = $9, address_masked = $10, waybill_weight = $11,
         waybill_app_time = $12, list_weight = $13, released_at = $14, delivered_at = $15, last_scan_at = $16,
         status = $17, status_event_id = $18, status_at = $19, updated_at = now()
       WHERE logistics_no = $1`,
      [
        logisticsNo,
        next.logistics_code,
        next.flow,
        next.order_no,
        next.ebp_code,
        next.ebc_code,
        next.agent_code,
        next.consignee_masked,
        next.telephone_masked,
        next.address_masked,
        next.waybill_weight,
        next.waybill_app_time,
        next.list_weight,
        next.released_at,
        next.delivered_at,
        next.last_scan_at,
        next.status,
        next.status_event_id,
        next.status_at,
      ],
    );

    if (moved && next.logistics_code && status) {
      await this.publisher.publish(
        manager,
        Topics.WaybillStatusChanged,
        {
          logisticsNo,
          logisticsCode: next.logistics_code,
          ...(next.flow ? { flow: next.flow } : {}),
          status: status.kind,
          eventId: status.eventId,
          source: status.source,
          occurredAt: chinaIso(status.occurredAt),
          ...(status.place ? { place: status.place } : {}),
          ...(next.order_no ? { orderNo: next.order_no } : {}),
        },
        cause,
      );
    }

    await this.reviewAnomalies(manager, cause, next);
    return inserted;
  }

  /** Re-evaluates the state rules and the no-scan due time of a locked waybill. */
  private async reviewAnomalies(manager: EntityManager, cause: Cause, row: WaybillRow): Promise<void> {
    if (!row.logistics_code) return;
    const orders: { order_no: string }[] = await manager.query(
      `SELECT order_no FROM "logistics"."waybill_order" WHERE logistics_no = $1`,
      [row.logistics_no],
    );
    const state = stateOf(
      row,
      orders.map((o) => o.order_no),
    );
    const findings: AnomalyFinding[] = evaluateAnomalies(state, this.env.LOGISTICS_WEIGHT_TOLERANCE);
    await this.anomalies.settle(manager, cause, row.logistics_code, row.logistics_no, findings);
    await this.anomalies.scheduleNoScan(
      manager,
      cause,
      row.logistics_code,
      state,
      this.env.LOGISTICS_NO_SCAN_SECONDS,
    );
  }

  private async insertEvents(
    manager: EntityManager,
    logisticsNo: string,
    events: TimelineEvent[],
    reportedBy: string | undefined,
  ): Promise<TimelineEvent[]> {
    const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
    const rows: { event_id: string }[] = await manager.query(
      `INSERT INTO "logistics"."timeline_event"
         (logistics_no, event_id, kind, source, occurred_at, place, carrier, reported_by, note)
       SELECT $1, e.event_id, e.kind, e.source, e.occurred_at, e.place, e.carrier, $2, e.note
         FROM unnest($3::varchar[], $4::varchar[], $5::varchar[], $6::timestamptz[], $7::varchar[], $8::varchar[],
                     $9::varchar[]) AS e(event_id, kind, source, occurred_at, place, carrier, note)
       ON CONFLICT (logistics_no, event_id) DO NOTHING
       RETURNING event_id`,
      [
        logisticsNo,
        reportedBy ?? null,
        unique.map((e) => e.eventId),
        unique.map((e) => e.kind),
        unique.map((e) => e.source),
        unique.map((e) => new Date(e.occurredAt).toISOString()),
        unique.map((e) => e.place ?? null),
        unique.map((e) => e.carrier ?? null),
        unique.map((e) => e.note ?? null),
      ],
    );
    const ids = new Set(rows.map((r) => r.event_id));
    return unique.filter((e) => ids.has(e.eventId));
  }
}

export function stateOf(row: WaybillRow, orders: string[]): WaybillState {
  return {
    logisticsNo: row.logistics_no,
    ...(row.released_at ? { releasedAt: row.released_at.getTime() } : {}),
    ...(row.delivered_at ? { deliveredAt: row.delivered_at.getTime() } : {}),
    ...(row.last_scan_at ? { lastScanAt: row.last_scan_at.getTime() } : {}),
    ...(row.waybill_weight !== null ? { waybillWeight: row.waybill_weight } : {}),
    ...(row.list_weight !== null ? { listWeight: row.list_weight } : {}),
    orders,
  };
}
