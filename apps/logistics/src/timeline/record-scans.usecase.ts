import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { TrackingEventInput, TrackingEventOutcome, TrackingEventsResponse } from '@swx/contracts';

import { retryOnConflict } from '../shared/retry';
import type { TimelineEvent } from './timeline';
import { type WaybillChange, WaybillTimeline } from './waybill-timeline';

/** A scan may be at most this far ahead of the server's clock (clock skew), else it is refused. */
const FUTURE_SLACK_MS = 10 * 60_000;

/** The stable id of a scan: the carrier's own id, or what identifies it (waybill, kind, time, place). */
export function scanEventId(carrierCode: string, input: TrackingEventInput): string {
  if (input.scanId) return `carrier:${carrierCode}:${input.scanId}`;
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        input.logisticsNo,
        input.kind,
        Date.parse(input.occurredAt),
        input.place ?? '',
        input.carrier ?? '',
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  return `carrier:${carrierCode}:${digest}`;
}

/**
 * Carrier scans (picked up, departed, arrived, released, out for delivery, delivered, exception, returned) from
 * a logistics enterprise: each on its waybill's timeline once, in one transaction per request. A waybill already
 * known under another carrier refuses the scan; an unknown one starts its timeline with this carrier.
 */
@Injectable()
export class RecordScans {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: WaybillTimeline,
  ) {}

  async execute(
    carrierCode: string,
    inputs: TrackingEventInput[],
    correlationId: string,
  ): Promise<TrackingEventsResponse> {
    const results: TrackingEventOutcome[] = inputs.map((input, index) => ({
      index,
      logisticsNo: input.logisticsNo,
      eventId: scanEventId(carrierCode, input),
      outcome: 'recorded',
    }));
    const now = Date.now();
    const byWaybill = new Map<string, { index: number; event: TimelineEvent }[]>();
    inputs.forEach((input, index) => {
      const occurredAt = Date.parse(input.occurredAt);
      if (occurredAt > now + FUTURE_SLACK_MS) {
        Object.assign(results[index], { outcome: 'refused', reason: 'occurredAt is in the future' });
        return;
      }
      const event: TimelineEvent = {
        eventId: results[index].eventId,
        kind: input.kind,
        source: 'carrier',
        occurredAt,
        ...(input.place ? { place: input.place } : {}),
        ...(input.carrier ? { carrier: input.carrier } : {}),
        ...(input.note ? { note: input.note } : {}),
      };
      const list = byWaybill.get(input.logisticsNo) ?? [];
      list.push({ index, event });
      byWaybill.set(input.logisticsNo, list);
    });

    // The consumers lock waybills too, in their own batches: a deadlock PostgreSQL breaks is retried here.
    await retryOnConflict(() => this.record(carrierCode, byWaybill, results, correlationId));
    return { results };
  }

  private async record(
    carrierCode: string,
    byWaybill: Map<string, { index: number; event: TimelineEvent }[]>,
    results: TrackingEventOutcome[],
    correlationId: string,
  ): Promise<void> {
    // A retried attempt starts over: what a rolled-back attempt concluded does not count.
    for (const items of byWaybill.values())
      for (const { index } of items) {
        results[index].outcome = 'recorded';
        delete results[index].reason;
      }
    await this.dataSource.transaction(async (manager) => {
      const rows = await this.timeline.lockMany(manager, [...byWaybill.keys()]);
      const changes = new Map<string, WaybillChange>();
      for (const [no, items] of byWaybill) {
        const owner = rows.get(no)?.logistics_code;
        if (owner && owner !== carrierCode) {
          for (const { index } of items)
            Object.assign(results[index], {
              outcome: 'refused',
              reason: `waybill ${no} belongs to another carrier`,
            });
          continue;
        }
        changes.set(no, { events: items.map((i) => i.event), reportedBy: carrierCode });
      }
      const inserted = await this.timeline.applyMany(manager, { correlationId }, changes);
      for (const [no] of changes) {
        const fresh = new Set((inserted.get(no) ?? []).map((e) => e.eventId));
        for (const { index, event } of byWaybill.get(no) ?? []) {
          // The first of equal scans in a request is recorded; the others, like a resent scan, are duplicates.
          if (fresh.delete(event.eventId)) continue;
          results[index].outcome = 'duplicate';
        }
      }
    });
  }
}
