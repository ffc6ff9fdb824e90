import { dec, money } from '@swx/contracts';

/** Sums of one enterprise, flow and period in US$: trade declared (less reversals) and funds settled (with fees). */
export interface VolumeFigures {
  enterpriseCode: string;
  flow: 'export' | 'import';
  declaredUsd: string;
  settledUsd: string;
}

export interface VolumeFinding extends VolumeFigures {
  deviation: string;
  anomalous: boolean;
}

/**
 * Total-volume verification (总量核查, 「进口付汇、出口收汇」): a period is anomalous when the settled funds differ from
 * the declared trade by more than `threshold` × declared (either way: receipts without exports, or exports without
 * receipts). A period with neither is not judged.
 */
export function verifyVolume(f: VolumeFigures, threshold: string): VolumeFinding {
  const declared = dec(f.declaredUsd);
  const settled = dec(f.settledUsd);
  const gap = declared.minus(settled).abs();
  const deviation = declared.isZero() ? (settled.isZero() ? dec(0) : dec(1)) : gap.dividedBy(declared);
  return {
    ...f,
    deviation: deviation.toDecimalPlaces(4).toFixed(4),
    anomalous: !(declared.isZero() && settled.isZero()) && deviation.gt(threshold),
  };
}

export const anomalyIdOf = (f: VolumeFigures, period: string): string =>
  `forex:total-volume:${f.flow}:${f.enterpriseCode}:${period}`;

export const describeFinding = (f: VolumeFinding): string =>
  f.flow === 'export'
    ? `出口收汇总量核查: 申报出口 US$${money(f.declaredUsd)}，收汇 US$${money(f.settledUsd)}，偏离 ${dec(f.deviation).times(100).toFixed(2)}%`
    : `进口付汇总量核查: 申报进口 US$${money(f.declaredUsd)}，付汇 US$${money(f.settledUsd)}，偏离 ${dec(f.deviation).times(100).toFixed(2)}%`;
