import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ConsigneeView, WaybillTimelineView } from '@swx/contracts';

import type { Caller } from '../internal/internal-call.guard';
import { chinaIso, orderTimeline } from './timeline';
import { eventOfRow, type StoredEventRow, type WaybillRow } from './waybill-timeline';

/** Regulator agencies that read every waybill's timeline: customs, and the logistics and postal administration. */
const READING_AGENCIES = new Set(['customs', 'post']);

type ReadAs = WaybillTimelineView['readAs'];

/**
 * Who reads a waybill, and as whom: its carrier, the order's platform and seller (enterprises with
 * documents:read), customs and post regulators, operators. Anyone else gets 404, as for a waybill that does not
 * exist, so nobody learns which waybills exist.
 */
export function readerRole(caller: Caller, row: WaybillRow): ReadAs | undefined {
  if (caller.kind === 'operator' && caller.scopes.includes('registry:read')) return 'operator';
  if (
    caller.kind === 'regulator' &&
    caller.scopes.includes('regulator:read') &&
    READING_AGENCIES.has(caller.agency ?? '')
  )
    return 'regulator';
  if (caller.kind !== 'enterprise' || !caller.enterpriseCode || !caller.scopes.includes('documents:read'))
    return undefined;
  if (caller.enterpriseCode === row.logistics_code) return 'carrier';
  if (caller.enterpriseCode === row.ebp_code) return 'platform';
  if (caller.enterpriseCode === row.ebc_code) return 'seller';
  return undefined;
}

/**
 * The consignee by role, from the masked values only (clear values never leave the gateway): the carrier, who
 * delivers, the platform, who sold, and regulators see name, phone and address masked; the seller sees the
 * masked name only.
 */
export function consigneeFor(role: ReadAs, row: WaybillRow): ConsigneeView {
  const view: ConsigneeView = {};
  if (row.consignee_masked) view.name = row.consignee_masked;
  if (role === 'seller') return view;
  if (row.telephone_masked) view.telephone = row.telephone_masked;
  if (row.address_masked) view.address = row.address_masked;
  return view;
}

@Injectable()
export class ReadTimeline {
  constructor(private readonly dataSource: DataSource) {}

  async execute(caller: Caller, logisticsNo: string): Promise<WaybillTimelineView> {
    const [row] = (await this.dataSource.query(
      `SELECT * FROM "logistics"."waybill" WHERE logistics_no = $1`,
      [logisticsNo],
    )) as WaybillRow[];
    const role = row ? readerRole(caller, row) : undefined;
    if (!row || !role)
      throw new NotFoundException(`No waybill ${logisticsNo} among those this client may read`);
    const events: StoredEventRow[] = await this.dataSource.query(
      `SELECT event_id, kind, source, occurred_at, place, carrier, reported_by, note
         FROM "logistics"."timeline_event" WHERE logistics_no = $1 AND withdrawn_at IS NULL`,
      [logisticsNo],
    );
    return {
      logisticsNo,
      ...(row.logistics_code ? { logisticsCode: row.logistics_code } : {}),
      ...(row.flow ? { flow: row.flow } : {}),
      ...(row.order_no ? { orderNo: row.order_no } : {}),
      ...(row.status ? { status: row.status as WaybillTimelineView['status'] } : {}),
      ...(row.status_at ? { statusAt: chinaIso(row.status_at.getTime()) } : {}),
      ...(row.released_at ? { releasedAt: chinaIso(row.released_at.getTime()) } : {}),
      readAs: role,
      consignee: consigneeFor(role, row),
      events: orderTimeline(events.map(eventOfRow)).map((e) => ({
        eventId: e.eventId,
        kind: e.kind,
        source: e.source,
        occurredAt: chinaIso(e.occurredAt),
        ...(e.place ? { place: e.place } : {}),
        ...(e.carrier ? { carrier: e.carrier } : {}),
        ...(e.note ? { note: e.note } : {}),
      })),
    };
  }
}
