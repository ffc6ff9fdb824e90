import Decimal from 'decimal.js';

/** What the rules read of one waybill. Times are epoch milliseconds; weights decimal strings (kg). */
export interface WaybillState {
  logisticsNo: string;
  releasedAt?: number;
  deliveredAt?: number;
  lastScanAt?: number;
  waybillWeight?: string;
  listWeight?: string;
  /** Distinct orders that named the waybill (its own CEB511 and the lists). */
  orders: string[];
}

export const AnomalyKinds = {
  NoScanAfterRelease: 'logistics.noScanAfterRelease',
  DeliveredBeforeRelease: 'logistics.deliveredBeforeRelease',
  WeightMismatch: 'logistics.weightMismatch',
  WaybillReused: 'logistics.waybillReused',
} as const;
export type AnomalyKind = (typeof AnomalyKinds)[keyof typeof AnomalyKinds];

/** An anomaly the rules hold true or false now; `anomalyId` is stable for its cause (kind and waybill). */
export interface AnomalyFinding {
  anomalyId: string;
  kind: AnomalyKind;
  holds: boolean;
  severity: 'low' | 'medium' | 'high';
  reason: string;
  /** When it happened by the documents' own times. */
  at?: number;
}

export const anomalyIdOf = (kind: AnomalyKind, logisticsNo: string): string =>
  `${kind.replace('.', ':')}:${logisticsNo}`;

/**
 * The anomalies of a waybill that follow from its state alone (the no-scan rule also needs the clock: it is
 * decided by the due-time table). Pure: the same state gives the same findings whatever order it was built in.
 */
export function evaluateAnomalies(state: WaybillState, weightTolerance: string): AnomalyFinding[] {
  const no = state.logisticsNo;
  const delivered =
    state.deliveredAt !== undefined && state.releasedAt !== undefined && state.deliveredAt < state.releasedAt;
  let weight = false;
  if (state.waybillWeight !== undefined && state.listWeight !== undefined) {
    const w = new Decimal(state.waybillWeight);
    const l = new Decimal(state.listWeight);
    const larger = Decimal.max(w, l);
    weight = larger.gt(0) && w.minus(l).abs().gt(larger.times(weightTolerance));
  }
  return [
    {
      anomalyId: anomalyIdOf(AnomalyKinds.DeliveredBeforeRelease, no),
      kind: AnomalyKinds.DeliveredBeforeRelease,
      holds: delivered,
      severity: 'high',
      reason: `Waybill ${no} was delivered before customs released it`,
      at: state.deliveredAt,
    },
    {
      anomalyId: anomalyIdOf(AnomalyKinds.WeightMismatch, no),
      kind: AnomalyKinds.WeightMismatch,
      holds: weight,
      severity: 'medium',
      reason: `Gross weight of waybill ${no} (${state.waybillWeight ?? '?'} kg) is far from its list's (${state.listWeight ?? '?'} kg)`,
    },
    {
      anomalyId: anomalyIdOf(AnomalyKinds.WaybillReused, no),
      kind: AnomalyKinds.WaybillReused,
      holds: state.orders.length > 1,
      severity: 'high',
      reason: `Waybill ${no} is used by ${state.orders.length} orders: ${[...state.orders].sort().join(', ')}`,
    },
  ];
}

/** Whether the no-scan rule is satisfied: a scan at or after the release. */
export const scannedAfterRelease = (state: WaybillState): boolean =>
  state.releasedAt !== undefined && state.lastScanAt !== undefined && state.lastScanAt >= state.releasedAt;
