import { anomalyObservation, matchObservation } from '../../observations/extract';
import { evaluateRule } from '../evaluate';
import { rule } from './fixtures';

const anomaly = (
  id: string,
  severity: 'low' | 'medium' | 'high',
  status: 'detected' | 'withdrawn',
  at: string,
) =>
  anomalyObservation('forexAnomaly', {
    anomalyId: id,
    status,
    enterpriseCode: '3301968AAA',
    kind: 'forex.volumeMismatch',
    severity,
    occurredAt: at,
    reason: 'Declared trade and settled funds apart',
    evidence: [],
  });

describe('risk.forexAnomalies: forex verification anomalies weighted by severity', () => {
  const forex = rule('risk.forexAnomalies');
  it('warns yellow on one high-severity anomaly (not ok)', () => {
    expect(
      evaluateRule(forex, [anomaly('A1', 'high', 'detected', '2026-11-01T10:00:00+08:00')]),
    ).toMatchObject({
      score: 3,
      grade: 'yellow',
    });
  });

  it('does not count a withdrawn anomaly (ok)', () => {
    const withdrawn = anomaly('A1', 'high', 'withdrawn', '2026-11-02T10:00:00+08:00');
    expect(evaluateRule(forex, [withdrawn])).toBeNull();
  });
});

describe('risk.logisticsAnomalies: logistics anomalies of one enterprise', () => {
  const logistics = rule('risk.logisticsAnomalies');
  it('warns on two medium anomalies in a month (not ok) and not on one low one (ok)', () => {
    const two = ['L1', 'L2'].map((id) =>
      anomalyObservation('logisticsAnomaly', {
        anomalyId: id,
        status: 'detected',
        enterpriseCode: '3301968AAA',
        kind: 'logistics.noScanAfterRelease',
        severity: 'medium',
        occurredAt: '2026-11-01T10:00:00+08:00',
        reason: 'No scan',
        evidence: [],
      }),
    );
    expect(evaluateRule(logistics, two)).toMatchObject({ score: 4, grade: 'yellow' });
    expect(evaluateRule(logistics, [{ ...two[0], weight: 1 }])).toMatchObject({ grade: null });
  });
});

describe('risk.repeatedMatchRefusals: one platform refused again and again', () => {
  const refusals = rule('risk.repeatedMatchRefusals');
  const refused = (no: string, outcome: 'failed' | 'passed', appTime: string) =>
    matchObservation(
      { orderNo: no, ebpCode: '3301968AAA', messageId: `m-${no}`, appTime },
      outcome,
      '2026-11-30T10:00:00+08:00',
    );

  it('warns blue on five refused orders in a week (not ok)', () => {
    const five = [1, 2, 3, 4, 5].map((d) => refused(`O${d}`, 'failed', `2026110${d}100000`));
    expect(evaluateRule(refusals, five)).toMatchObject({ score: 5, grade: 'blue' });
  });

  it('does not count refusals spread over more than a week of the orders’ own times (ok)', () => {
    const spread = [1, 2, 3, 4, 5].map((d) =>
      refused(`O${d}`, 'failed', `202611${String(d * 3).padStart(2, '0')}100000`),
    );
    expect(evaluateRule(refusals, spread)?.grade).toBeNull();
  });

  it('does not count orders that passed after a correction (ok)', () => {
    const five = [1, 2, 3, 4, 5].map((d) =>
      refused(`O${d}`, d === 5 ? 'passed' : 'failed', `2026110${d}100000`),
    );
    expect(evaluateRule(refusals, five)).toMatchObject({ score: 4, grade: null });
  });
});
