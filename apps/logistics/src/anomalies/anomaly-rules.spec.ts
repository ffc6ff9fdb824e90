import { AnomalyKinds, evaluateAnomalies, scannedAfterRelease, type WaybillState } from './anomaly-rules';

const base: WaybillState = { logisticsNo: 'LN1', orders: ['O1'] };
const holds = (state: WaybillState, kind: string, tolerance = '0.2') =>
  evaluateAnomalies(state, tolerance).find((f) => f.kind === kind)!.holds;

describe('logistics anomaly rules', () => {
  it('delivered before release: only when both are known and delivery is earlier', () => {
    expect(holds({ ...base, deliveredAt: 1, releasedAt: 2 }, AnomalyKinds.DeliveredBeforeRelease)).toBe(true);
    expect(holds({ ...base, deliveredAt: 2, releasedAt: 2 }, AnomalyKinds.DeliveredBeforeRelease)).toBe(
      false,
    );
    expect(holds({ ...base, deliveredAt: 1 }, AnomalyKinds.DeliveredBeforeRelease)).toBe(false);
  });

  it('weight far from the list: beyond the tolerance share of the larger weight, exact decimals', () => {
    expect(holds({ ...base, waybillWeight: '2.1', listWeight: '9.5' }, AnomalyKinds.WeightMismatch)).toBe(
      true,
    );
    expect(holds({ ...base, waybillWeight: '10', listWeight: '8' }, AnomalyKinds.WeightMismatch)).toBe(false);
    expect(holds({ ...base, waybillWeight: '10', listWeight: '7.99999' }, AnomalyKinds.WeightMismatch)).toBe(
      true,
    );
    expect(holds({ ...base, waybillWeight: '0', listWeight: '0' }, AnomalyKinds.WeightMismatch)).toBe(false);
    expect(holds({ ...base, waybillWeight: '2.1' }, AnomalyKinds.WeightMismatch)).toBe(false);
  });

  it('a waybill reused across orders', () => {
    expect(holds({ ...base, orders: ['O1', 'O2'] }, AnomalyKinds.WaybillReused)).toBe(true);
    expect(holds(base, AnomalyKinds.WaybillReused)).toBe(false);
  });

  it('ids are stable for a cause, whatever else the state holds', () => {
    const a = evaluateAnomalies({ ...base, deliveredAt: 1, releasedAt: 2 }, '0.2').map((f) => f.anomalyId);
    const b = evaluateAnomalies({ ...base, orders: ['O1', 'O2', 'O3'] }, '0.5').map((f) => f.anomalyId);
    expect(a).toEqual(b);
    expect(a).toEqual([
      'logistics:deliveredBeforeRelease:LN1',
      'logistics:weightMismatch:LN1',
      'logistics:waybillReused:LN1',
    ]);
  });

  it('a scan at or after the release satisfies the no-scan rule; one before it does not', () => {
    expect(scannedAfterRelease({ ...base, releasedAt: 10, lastScanAt: 10 })).toBe(true);
    expect(scannedAfterRelease({ ...base, releasedAt: 10, lastScanAt: 9 })).toBe(false);
    expect(scannedAfterRelease({ ...base, releasedAt: 10 })).toBe(false);
  });
});
