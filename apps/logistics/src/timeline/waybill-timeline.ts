import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { type TimelineEventKind, type TimelineSource, Topics } from '@swx/contracts';
import { type Cause, EventPublisher } from '@swx/messaging';

import { type AnomalyFinding, evaluateAnomalies, type WaybillState } from '../anomalies/anomaly-rules';
import { AnomalyLedger } from '../anomalies/anomaly-ledger';
import { LogisticsEnv } from '../logistics.env';
import { advanceStatus, chinaIso, orderTimeline, type TimelineEvent } from './timeline';

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

/** One change to one waybill: facts, events, a release time, and who reported the events (a carrier's scans). */
export interface WaybillChange {
  facts?: WaybillFacts;
  events?: TimelineEvent[];
  releasedAt?: number;
  reportedBy?: string;
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
    return (await this.lockMany(manager, [logisticsNo])).get(logisticsNo)!;
  }

  /** Locks waybills in one statement each way (creating missing rows), in waybill order so lockers never deadlock. */
  async lockMany(manager: EntityManager, logisticsNos: string[]): Promise<Map<string, WaybillRow>> {
    const nos = [...new Set(logisticsNos)].sort();
    await manager.query(
      `INSERT INTO "logistics"."waybill" (logistics_no) SELECT unnest($1::varchar[]) ORDER BY 1
       ON CONFLICT (logistics_no) DO NOTHING`,
      [nos],
    );
    const rows = (await manager.query(
      `SELECT * FROM "logistics"."waybill" WHERE logistics_no = ANY($1) ORDER BY logistics_no FOR UPDATE`,
      [nos],
    )) as WaybillRow[];
    return new Map(rows.map((r) => [r.logistics_no, r]));
  }

  /**
   * Applies facts, events and a release time to one waybill. Returns the events that were new (duplicates
   * excluded). `reportedBy` is the enterprise that sent the events (carrier scans).
   */
  async apply(
    manager: EntityManager,
    cause: Cause,
    logisticsNo: string,
    change: WaybillChange,
  ): Promise<TimelineEvent[]> {
    return (await this.applyMany(manager, cause, new Map([[logisticsNo, change]]))).get(logisticsNo) ?? [];
  }

  /**
   * `apply` for many waybills at once, in a fixed number of statements whatever their number: lock, insert the
   * events, record the orders, update the rows, publish the status moves, review the anomalies.
   */
  async applyMany(
    manager: EntityManager,
    cause: Cause,
    changes: Map<string, WaybillChange>,
  ): Promise<Map<string, TimelineEvent[]>> {
    const nos = [...changes.keys()].sort();
    if (nos.length === 0) return new Map();
    const rows = await this.lockMany(manager, nos);
    const inserted = await this.insertEvents(manager, nos, changes);

    const orders = nos.flatMap((no) => {
      const orderNo = changes.get(no)!.facts?.orderNo;
      return orderNo ? [[no, orderNo] as const] : [];
    });
    if (orders.length) {
      await manager.query(
        `INSERT INTO "logistics"."waybill_order" (logistics_no, order_no)
         SELECT * FROM unnest($1::varchar[], $2::varchar[]) ON CONFLICT DO NOTHING`,
        [orders.map((o) => o[0]), orders.map((o) => o[1])],
      );
    }

    const nextRows: WaybillRow[] = [];
    const moves: { row: WaybillRow; status: TimelineEvent }[] = [];
    for (const no of nos) {
      const { next, moved } = merge(rows.get(no)!, changes.get(no)!, inserted.get(no) ?? []);
      nextRows.push(next);
      if (moved && next.logistics_code) moves.push({ row: next, status: moved });
    }

    const column = <K extends keyof WaybillRow>(k: K) => nextRows.map((r) => r[k]);
    await manager.query(
      `UPDATE "logistics"."waybill" w SET logistics_code = v.logistics_code, flow = v.flow, order_no = v.order_no,
         ebp_code = v.ebp_code, ebc_code = v.ebc_code, agent_code = v.agent_code,
         consignee_masked = v.consignee_masked, telephone_masked = v.telephone_masked,
         address_masked = v.address_masked, waybill_weight = v.waybill_weight,
         waybill_app_time = v.waybill_app_time, list_weight = v.list_weight, released_at = v.released_at,
         delivered_at = v.delivered_at, last_scan_at = v.last_scan_at, status = v.status,
         status_event_id = v.status_event_id, status_at = v.status_at, updated_at = now()
       FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
                   $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], $11::numeric[], $12::char(14)[],
                   $13::numeric[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::varchar[],
                   $18::varchar[], $19::timestamptz[])
         AS v(logistics_no, logistics_code, flow, order_no, ebp_code, ebc_code, agent_code, consignee_masked,
              telephone_masked, address_masked, waybill_weight, waybill_app_time, list_weight, released_at,
              delivered_at, last_scan_at, status, status_event_id, status_at)
       WHERE w.logistics_no = v.logistics_no`,
      [
        column('logistics_no'),
        column('logistics_code'),
        column('flow'),
        column('order_no'),
        column('ebp_code'),
        column('ebc_code'),
        column('agent_code'),
        column('consignee_masked'),
        column('telephone_masked'),
        column('address_masked'),
        column('waybill_weight'),
        column('waybill_app_time'),
        column('list_weight'),
        column('released_at'),
        column('delivered_at'),
        column('last_scan_at'),
        column('status'),
        column('status_event_id'),
        column('status_at'),
      ],
    );

    await this.publishMoves(manager, cause, moves);
    await this.reviewAnomalies(manager, cause, nextRows);
    return inserted;
  }

  /**
   * Withdraws events from a waybill's timeline (a CEB513 status deleted with appType 3). Each is kept as
   * withdrawn, inserted so when it has not come yet, so the event it withdraws adds nothing whenever it comes;
   * the status, delivery and last scan times are recomputed from the events that remain (the one case where the
   * status may move back), a changed status is published and the anomalies are reviewed.
   */
  async withdraw(
    manager: EntityManager,
    cause: Cause,
    logisticsNo: string,
    events: TimelineEvent[],
    facts: WaybillFacts = {},
  ): Promise<void> {
    const row = await this.lock(manager, logisticsNo);
    await manager.query(
      `INSERT INTO "logistics"."timeline_event"
         (logistics_no, event_id, kind, source, occurred_at, place, carrier, note, withdrawn_at)
       SELECT $1, u.*, now() FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[],
                                         $6::varchar[], $7::varchar[], $8::varchar[]) AS u
       ON CONFLICT (logistics_no, event_id) DO UPDATE
         SET withdrawn_at = COALESCE("timeline_event".withdrawn_at, EXCLUDED.withdrawn_at)`,
      [
        logisticsNo,
        events.map((e) => e.eventId),
        events.map((e) => e.kind),
        events.map((e) => e.source),
        events.map((e) => new Date(e.occurredAt).toISOString()),
        events.map((e) => e.place ?? null),
        events.map((e) => e.carrier ?? null),
        events.map((e) => e.note ?? null),
      ],
    );
    const remaining: StoredEventRow[] = await manager.query(
      `SELECT event_id, kind, source, occurred_at, place, carrier, reported_by, note
         FROM "logistics"."timeline_event" WHERE logistics_no = $1 AND withdrawn_at IS NULL`,
      [logisticsNo],
    );
    const { next, moved } = afterWithdrawal(
      {
        ...row,
        logistics_code: row.logistics_code ?? facts.logisticsCode ?? null,
        flow: row.flow ?? facts.flow ?? null,
      },
      remaining.map(eventOfRow),
    );
    await manager.query(
      `UPDATE "logistics"."waybill" SET logistics_code = $2, flow = $3, status = $4, status_event_id = $5,
         status_at = $6, delivered_at = $7, last_scan_at = $8, updated_at = now()
       WHERE logistics_no = $1`,
      [
        logisticsNo,
        next.logistics_code,
        next.flow,
        next.status,
        next.status_event_id,
        next.status_at,
        next.delivered_at,
        next.last_scan_at,
      ],
    );
    await this.publishMoves(
      manager,
      cause,
      moved && next.logistics_code ? [{ row: next, status: moved }] : [],
    );
    await this.reviewAnomalies(manager, cause, [next]);
  }

  private async publishMoves(
    manager: EntityManager,
    cause: Cause,
    moves: { row: WaybillRow; status: TimelineEvent }[],
  ): Promise<void> {
    if (moves.length === 0) return;
    await this.publisher.publishAll(
      manager,
      Topics.WaybillStatusChanged,
      moves.map(({ row, status }) => ({
        logisticsNo: row.logistics_no,
        logisticsCode: row.logistics_code!,
        ...(row.flow ? { flow: row.flow } : {}),
        status: status.kind,
        eventId: status.eventId,
        source: status.source,
        occurredAt: chinaIso(status.occurredAt),
        ...(status.place ? { place: status.place } : {}),
        ...(row.order_no ? { orderNo: row.order_no } : {}),
      })),
      cause,
    );
  }

  /** Re-evaluates the state rules and the no-scan due times of locked waybills. */
  private async reviewAnomalies(manager: EntityManager, cause: Cause, rows: WaybillRow[]): Promise<void> {
    const known = rows.filter((r) => r.logistics_code);
    if (known.length === 0) return;
    const orderRows: { logistics_no: string; order_no: string }[] = await manager.query(
      `SELECT logistics_no, order_no FROM "logistics"."waybill_order" WHERE logistics_no = ANY($1)`,
      [known.map((r) => r.logistics_no)],
    );
    const ordersOf = new Map<string, string[]>();
    for (const o of orderRows)
      ordersOf.set(o.logistics_no, [...(ordersOf.get(o.logistics_no) ?? []), o.order_no]);
    const items = known.map((row) => {
      const state = stateOf(row, ordersOf.get(row.logistics_no) ?? []);
      return {
        enterpriseCode: row.logistics_code!,
        state,
        findings: evaluateAnomalies(state, this.env.LOGISTICS_WEIGHT_TOLERANCE) as AnomalyFinding[],
      };
    });
    await this.anomalies.review(manager, cause, items, this.env.LOGISTICS_NO_SCAN_SECONDS);
  }

  private async insertEvents(
    manager: EntityManager,
    nos: string[],
    changes: Map<string, WaybillChange>,
  ): Promise<Map<string, TimelineEvent[]>> {
    const all: { no: string; event: TimelineEvent; reportedBy: string | null }[] = [];
    for (const no of nos) {
      const change = changes.get(no)!;
      const unique = [...new Map((change.events ?? []).map((e) => [e.eventId, e])).values()];
      for (const event of unique) all.push({ no, event, reportedBy: change.reportedBy ?? null });
    }
    const result = new Map<string, TimelineEvent[]>();
    if (all.length === 0) return result;
    const rows: { logistics_no: string; event_id: string }[] = await manager.query(
      `INSERT INTO "logistics"."timeline_event"
         (logistics_no, event_id, kind, source, occurred_at, place, carrier, reported_by, note)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::timestamptz[],
                            $6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[])
       ON CONFLICT (logistics_no, event_id) DO NOTHING
       RETURNING logistics_no, event_id`,
      [
        all.map((a) => a.no),
        all.map((a) => a.event.eventId),
        all.map((a) => a.event.kind),
        all.map((a) => a.event.source),
        all.map((a) => new Date(a.event.occurredAt).toISOString()),
        all.map((a) => a.event.place ?? null),
        all.map((a) => a.event.carrier ?? null),
        all.map((a) => a.reportedBy),
        all.map((a) => a.event.note ?? null),
      ],
    );
    const fresh = new Set(rows.map((r) => `${r.logistics_no}\u0000${r.event_id}`));
    for (const { no, event } of all) {
      if (!fresh.has(`${no}\u0000${event.eventId}`)) continue;
      result.set(no, [...(result.get(no) ?? []), event]);
    }
    return result;
  }
}

/** What one change does to one locked waybill row: the row after it, and the status it moved to, if it moved. */
function merge(
  row: WaybillRow,
  change: WaybillChange,
  inserted: TimelineEvent[],
): { next: WaybillRow; moved?: TimelineEvent } {
  const facts = change.facts ?? {};
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
  if (status === undefined || status === current) return { next };
  next.status = status.kind;
  next.status_event_id = status.eventId;
  next.status_at = new Date(status.occurredAt);
  return { next, moved: status };
}

/**
 * A locked waybill row after events were withdrawn, from the events that remain: the status is the latest of them
 * (none when none remain), the delivery time the earliest delivery, the last scan the latest scan. `moved` is the
 * new status event when the status changed to another event.
 */
export function afterWithdrawal(
  row: WaybillRow,
  remaining: TimelineEvent[],
): { next: WaybillRow; moved?: TimelineEvent } {
  const ordered = orderTimeline(remaining);
  const latest = ordered.at(-1);
  const delivered = ordered.filter((e) => e.kind === 'delivered');
  const scans = ordered.filter((e) => SCAN_SOURCES.has(e.source));
  const next: WaybillRow = {
    ...row,
    status: latest?.kind ?? null,
    status_event_id: latest?.eventId ?? null,
    status_at: latest ? new Date(latest.occurredAt) : null,
    delivered_at: delivered.length ? new Date(delivered[0].occurredAt) : null,
    last_scan_at: scans.length ? new Date(Math.max(...scans.map((e) => e.occurredAt))) : null,
  };
  return latest && latest.eventId !== row.status_event_id ? { next, moved: latest } : { next };
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
