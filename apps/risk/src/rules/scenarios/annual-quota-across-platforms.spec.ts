import { joinedObservations, mergeFacts } from '../../observations/extract';
import { evaluateRule } from '../evaluate';
import { rule, tokenOf } from './fixtures';

const quotaRule = rule('risk.annualQuotaAcrossPlatforms');
const released = (no: string, platform: string, dutiable: string, appTime: string, voided = false) =>
  joinedObservations({
    order: {
      orderNo: no,
      ebpCode: platform,
      buyer: tokenOf('buyer'),
      buyerMasked: '110***',
      appTime,
      messageId: `m-${no}`,
    },
    bill: { dutiable, void: voided },
  });

describe('risk.annualQuotaAcrossPlatforms: one buyer’s annual quota nearly exhausted across platforms', () => {
  it('warns yellow when three platforms together use 22,000 of 26,000 in one China year (not ok)', () => {
    const found = evaluateRule(quotaRule, [
      ...released('O1', '3301968AAA', '8000.00', '20260105100000'),
      ...released('O2', '3301968BBB', '7000.00', '20260610100000'),
      ...released('O3', '3301968CCC', '7000.00', '20261231230000'),
    ]);
    expect(found).toMatchObject({
      score: 3,
      grade: 'yellow',
      windowFrom: '2026-01-01T00:00:00+08:00',
      windowTo: '2026-12-31T23:59:59+08:00',
    });
  });

  it('does not warn when the use is spread over two China years (ok)', () => {
    const found = evaluateRule(quotaRule, [
      ...released('O1', '3301968AAA', '11000.00', '20261231230000'),
      // 2027-01-01 00:30 China time is still 2026 in UTC: the China year counts.
      ...released('O2', '3301968BBB', '11000.00', '20270101003000'),
    ]);
    expect(found?.grade).toBeNull();
  });

  it('does not warn when one platform uses the quota alone, or a voided bill gives it back (ok)', () => {
    expect(evaluateRule(quotaRule, released('O1', '3301968AAA', '25000.00', '20260105100000'))).toMatchObject(
      {
        score: 1,
        grade: null,
      },
    );
    const returned = evaluateRule(quotaRule, [
      ...released('O1', '3301968AAA', '15000.00', '20260105100000'),
      ...released('O2', '3301968BBB', '7000.00', '20260610100000', true),
    ]);
    expect(returned?.grade).toBeNull();
  });

  it('keeps a bill voided whatever the order its issue and its voiding arrive in', () => {
    const issued = { bill: { dutiable: '100.00', void: false } };
    const voided = { bill: { void: true } };
    expect(mergeFacts(mergeFacts({}, voided), issued)).toEqual(mergeFacts(mergeFacts({}, issued), voided));
  });
});
