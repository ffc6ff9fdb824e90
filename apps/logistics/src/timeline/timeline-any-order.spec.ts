import type { TimelineEventKind, TimelineSource } from '@swx/contracts';
import { redeliveries, seededRandom } from '@swx/testing';

import { advanceStatus, cebTimeToEpoch, chinaIso, orderTimeline, type TimelineEvent } from './timeline';

/** The business order of a parcel's events, written out here independently of the implementation's ranks. */
const JOURNEY: [TimelineEventKind, TimelineSource][] = [
  ['declared', 'CEB511'],
  ['picked-up', 'carrier'],
  ['consolidated', 'CEB607'],
  ['arrived', 'CEB711'],
  ['inspection', 'customs'],
  ['customs-released', 'customs'],
  ['released', 'carrier'],
  ['departed', 'carrier'],
  ['departed', 'CEB509'],
  ['out-for-delivery', 'carrier'],
  ['exception', 'carrier'],
  ['delivered', 'CEB513'],
  ['returned', 'carrier'],
];

/**
 * The sequential evaluator: a parcel's story as it happened, one event after the other in time (ties only
 * between events in journey order), and what a timeline that received them in that order would show.
 */
function story(random: () => number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  let at = Date.UTC(2026, 10, 21, 2, 0, 0);
  let seq = 0;
  for (const [kind, source] of JOURNEY) {
    const times = random() < 0.3 ? 0 : random() < 0.8 ? 1 : 2;
    for (let i = 0; i < times; i++) {
      // Same instant as the previous event now and then (a tie), otherwise minutes to hours later.
      if (events.length > 0 && random() >= 0.15) at += 1 + Math.floor(random() * 6 * 3_600_000);
      seq += 1;
      events.push({
        eventId: `${String(seq).padStart(3, '0')}:${source}`,
        kind,
        source,
        occurredAt: at,
        ...(random() < 0.5 ? { place: `place-${seq}` } : {}),
      });
    }
  }
  // Ties resolve by journey order and then by id, which the sequence numbers already follow.
  return events;
}

describe('a waybill timeline in any order of arrival', () => {
  const random = seededRandom(20261121);
  const cases = Array.from({ length: 400 }, (_, i) => {
    const events = story(random);
    return { i, events, batches: redeliveries(events, random, { duplicateRate: 0.3, maxBatch: 4 }) };
  });

  it.each(cases.map((c) => [c.i, c] as const))(
    'generated case %i: the timeline and the status equal the sequential evaluation',
    (_i, { events, batches }) => {
      const received = batches.flat();
      expect(orderTimeline(received)).toEqual(events);
      const status = batches.reduce<TimelineEvent | undefined>((s, b) => advanceStatus(s, b), undefined);
      expect(status).toEqual(events.at(-1));
    },
  );

  it('generated cases include ties, duplicates and out-of-order arrivals', () => {
    const ties = cases.filter((c) =>
      c.events.some((e, i) => i > 0 && e.occurredAt === c.events[i - 1].occurredAt),
    );
    const dupes = cases.filter((c) => c.batches.flat().length > c.events.length);
    const reordered = cases.filter((c) =>
      c.batches.flat().some((e, i, all) => i > 0 && e.occurredAt < all[i - 1].occurredAt),
    );
    expect(ties.length).toBeGreaterThan(50);
    expect(dupes.length).toBeGreaterThan(100);
    expect(reordered.length).toBeGreaterThan(200);
  });

  it('reads CEB times as China time and writes China time', () => {
    const at = cebTimeToEpoch('20261123143000');
    expect(new Date(at).toISOString()).toBe('2026-11-23T06:30:00.000Z');
    expect(chinaIso(at)).toBe('2026-11-23T14:30:00.000+08:00');
  });
});
