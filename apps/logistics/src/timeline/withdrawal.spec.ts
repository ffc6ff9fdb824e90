import { afterWithdrawal, type WaybillRow } from './waybill-timeline';
import { advanceStatus, type TimelineEvent } from './timeline';

const at = (hour: number) => Date.UTC(2026, 10, 23, hour, 0, 0);

const declared: TimelineEvent = {
  eventId: 'CEB511:a',
  kind: 'declared',
  source: 'CEB511',
  occurredAt: at(1),
};
const scan: TimelineEvent = {
  eventId: 'carrier:c:1',
  kind: 'out-for-delivery',
  source: 'carrier',
  occurredAt: at(3),
};
const delivered: TimelineEvent = {
  eventId: 'CEB513:x',
  kind: 'delivered',
  source: 'CEB513',
  occurredAt: at(5),
};
const released: TimelineEvent = {
  eventId: 'customs:l:released',
  kind: 'customs-released',
  source: 'customs',
  occurredAt: at(2),
};

/** The row a waybill has after `events` came, as the store keeps it. */
function rowAfter(events: TimelineEvent[]): WaybillRow {
  const status = advanceStatus(undefined, events)!;
  const deliveries = events.filter((e) => e.kind === 'delivered').map((e) => e.occurredAt);
  const scans = events
    .filter((e) => e.source === 'carrier' || e.source === 'CEB513')
    .map((e) => e.occurredAt);
  return {
    logistics_no: 'LN1',
    logistics_code: '3301980003',
    flow: 'import',
    order_no: null,
    ebp_code: null,
    ebc_code: null,
    agent_code: null,
    consignee_masked: null,
    telephone_masked: null,
    address_masked: null,
    waybill_weight: null,
    waybill_app_time: null,
    list_weight: null,
    released_at: new Date(at(2)),
    delivered_at: deliveries.length ? new Date(Math.min(...deliveries)) : null,
    last_scan_at: scans.length ? new Date(Math.max(...scans)) : null,
    status: status.kind,
    status_event_id: status.eventId,
    status_at: new Date(status.occurredAt),
  };
}

describe('a CEB513 status deleted (appType 3)', () => {
  it('takes the status back to the latest remaining event and clears the delivery time', () => {
    const row = rowAfter([declared, released, scan, delivered]);
    expect(row.status).toBe('delivered');
    const { next, moved } = afterWithdrawal(row, [declared, released, scan]);
    expect(moved).toEqual(scan);
    expect(next).toMatchObject({
      status: 'out-for-delivery',
      status_event_id: scan.eventId,
      status_at: new Date(scan.occurredAt),
      delivered_at: null,
      last_scan_at: new Date(scan.occurredAt),
      released_at: new Date(at(2)),
    });
  });

  it('equals the row of a waybill that never had the deleted status, whatever else it had', () => {
    for (const kept of [[declared], [declared, released], [released, scan], [declared, released, scan]]) {
      const { next } = afterWithdrawal(rowAfter([...kept, delivered]), kept);
      expect(next).toEqual(rowAfter(kept));
    }
  });

  it('keeps the status when the deleted event was not the latest', () => {
    const late: TimelineEvent = { ...scan, eventId: 'carrier:c:2', kind: 'returned', occurredAt: at(7) };
    const row = rowAfter([declared, delivered, late]);
    const { next, moved } = afterWithdrawal(row, [declared, late]);
    expect(moved).toBeUndefined();
    expect(next).toMatchObject({ status: 'returned', status_event_id: late.eventId, delivered_at: null });
  });

  it('leaves no status when nothing remains (the delete came first)', () => {
    const empty = { ...rowAfter([declared]), status: null, status_event_id: null, status_at: null };
    const { next, moved } = afterWithdrawal(empty, []);
    expect(moved).toBeUndefined();
    expect(next).toMatchObject({
      status: null,
      status_event_id: null,
      delivered_at: null,
      last_scan_at: null,
    });
  });
});
