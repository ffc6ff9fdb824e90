import { joinedObservations, mergeFacts, type OrderFactsRow } from '../../observations/extract';
import { evaluateRule } from '../evaluate';
import { rule, tokenOf } from './fixtures';

const payerRule = rule('risk.payerManyBuyers');

const row = (no: string, buyer: string, payer: string, appTime: string): OrderFactsRow => ({
  order: {
    orderNo: no,
    ebpCode: '3301968AAA',
    buyer: tokenOf(buyer),
    buyerMasked: '1***',
    appTime,
    messageId: `m-${no}`,
  },
  payment: { orderNo: no, payer: tokenOf(payer), payerMasked: '1***', appTime, messageId: `p-${no}` },
});

describe('risk.payerManyBuyers: one payer paying for many buyers', () => {
  it('warns when one payer pays the orders of three different buyers (not ok)', () => {
    const observations = [
      row('O1', 'buyer-a', 'payer', '20261130090000'),
      row('O2', 'buyer-b', 'payer', '20261130100000'),
      row('O3', 'buyer-c', 'payer', '20261201090000'),
    ].flatMap(joinedObservations);
    expect(evaluateRule(payerRule, observations)).toMatchObject({ score: 3, grade: 'blue' });
  });

  it('does not warn when the payer pays for the same buyer every time (ok)', () => {
    const observations = ['O1', 'O2', 'O3', 'O4'].flatMap((no) =>
      joinedObservations(row(no, 'buyer-a', 'payer', '20261130090000')),
    );
    expect(evaluateRule(payerRule, observations)).toMatchObject({ score: 1, grade: null });
  });

  it('joins a payment that arrived before its order', () => {
    const full = row('O1', 'buyer-a', 'payer', '20261130090000');
    const paymentFirst = mergeFacts({ payment: full.payment }, { order: full.order });
    expect(joinedObservations({ payment: full.payment })).toEqual([]);
    expect(joinedObservations(paymentFirst)).toEqual(joinedObservations(full));
  });
});
