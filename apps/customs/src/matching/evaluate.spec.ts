import { consistentCase, evaluate, failedCodes } from './rules/case-fixture';
import { evaluateCase } from './evaluate';
import { demoRegistry } from './rules/case-fixture';

describe('evaluateCase', () => {
  it('passes the consistent demo set', () => {
    expect(evaluate(consistentCase())).toEqual({ outcome: 'passed', missing: [], failures: [] });
  });

  it('waits for missing documents and names them', () => {
    const c = consistentCase();
    expect(evaluateCase({ CEB311: c.order, CEB621: c.list }, demoRegistry)).toEqual({
      outcome: 'incomplete',
      missing: ['CEB411', 'CEB511'],
      failures: [],
    });
  });

  it('reports every failing rule at once', () => {
    const c = consistentCase();
    c.payment.PaymentHead.amountPaid = '1.00';
    c.waybill.LogisticsHead.consignee = '李四';
    expect(failedCodes(c)).toEqual(['1325', '1328']);
  });
});
