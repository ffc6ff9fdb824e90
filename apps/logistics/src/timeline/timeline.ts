import type { TimelineEventKind, TimelineSource } from '@swx/contracts';

/** One event of a waybill's timeline, as stored and as read. */
export interface TimelineEvent {
  /** Stable id derived from the event's cause: the same event, delivered twice, has the same id. */
  eventId: string;
  kind: TimelineEventKind;
  source: TimelineSource;
  /** When it happened, by its own clock (epoch milliseconds). */
  occurredAt: number;
  place?: string;
  carrier?: string;
  note?: string;
}

/**
 * Where an event sits among events of the same instant: the order a parcel goes through them. Only a tie
 * breaker; the events' own times come first.
 */
const RANK: Record<TimelineEventKind, number> = {
  declared: 0,
  'picked-up': 1,
  consolidated: 2,
  arrived: 3,
  inspection: 4,
  'customs-released': 5,
  released: 6,
  departed: 7,
  'out-for-delivery': 8,
  exception: 9,
  delivered: 10,
  returned: 11,
};

/** The timeline's total order: own time, then the business order of kinds, then the event id. */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt - b.occurredAt;
  if (RANK[a.kind] !== RANK[b.kind]) return RANK[a.kind] - RANK[b.kind];
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/** The timeline of a set of events: one per event id, in the timeline's order, whatever order they came in. */
export function orderTimeline(events: Iterable<TimelineEvent>): TimelineEvent[] {
  const byId = new Map<string, TimelineEvent>();
  for (const e of events) if (!byId.has(e.eventId)) byId.set(e.eventId, e);
  return [...byId.values()].sort(compareEvents);
}

/**
 * The status after `incoming` events join a timeline whose latest event is `current`: the latest of them all. The
 * store applies this as events come (under the waybill's row lock), never re-reading the whole timeline; it is
 * associative and commutative, so the status does not depend on the order or duplication of events.
 */
export function advanceStatus(
  current: TimelineEvent | undefined,
  incoming: readonly TimelineEvent[],
): TimelineEvent | undefined {
  let latest = current;
  for (const e of incoming) if (!latest || compareEvents(e, latest) > 0) latest = e;
  return latest;
}

/** China time (UTC+8) of CEB `YYYYMMDDhhmmss` times, as epoch milliseconds. */
export function cebTimeToEpoch(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a CEB time: ${text}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4] - 8, +m[5], +m[6]);
}

/** An instant as ISO 8601 in China time, e.g. `2026-11-23T14:30:00.000+08:00`. */
export function chinaIso(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}
