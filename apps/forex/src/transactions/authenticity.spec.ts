import { assess, type TransactionFacts } from './authenticity';

const released = new Date('2026-11-21T02:00:00Z');
const closed = new Date('2026-11-21T18:00:00Z');

const exportFacts = (over: Partial<TransactionFacts> = {}): TransactionFacts => ({
  flow: 'export',
  orderNo: 'EXP1',
  order: { amount: '607.00', freight: '35.00', currency: '142' },
  receipt: { amount: '642.00', currency: '142' },
  list: { amount: '607.00', currency: '142', prices: { '1': '45.50', '2': '76.00' } },
  clearance: { releasedAt: released, closedAt: closed },
  departure: { copNo: 'DEP1', leftAt: closed },
  returns: [],
  ...over,
});

describe('authenticity of transaction e-information', () => {
  it('verifies a released and departed export whose documents agree, in ISO currency', () => {
    expect(assess(exportFacts())).toEqual({
      recordable: true,
      currency: 'CNY',
      declaredAmount: '642.00',
      reversedAmount: '0.00',
      authenticity: 'verified',
      reasons: [],
    });
  });

  it('is not recorded for banks before the departure, and names what is missing', () => {
    const a = assess(
      exportFacts({ departure: undefined, clearance: { releasedAt: released }, order: undefined }),
    );
    expect(a).toMatchObject({ recordable: false, authenticity: 'unverified' });
    expect(a.reasons).toEqual(['订单 (CEB303) 未收到', '离境单 (CEB509) 未收到']);
  });

  it('names amounts that differ', () => {
    const a = assess(exportFacts({ receipt: { amount: '640.00', currency: '142' } }));
    expect(a.reasons).toEqual(['收款金额 640.00 ≠ 订单商品金额+运杂费 642.00']);
    expect(a.authenticity).toBe('unverified');
  });

  it('reverses a cancelled list entirely, and a returned line by quantity × list price', () => {
    expect(
      assess(exportFacts({ clearance: { releasedAt: released, cancelledAt: closed }, departure: undefined })),
    ).toMatchObject({
      recordable: true,
      authenticity: 'reversed',
      reversedAmount: '642.00',
      reasons: ['清单已撤销'],
    });
    expect(
      assess(
        exportFacts({
          clearance: { releasedAt: released, closedAt: closed, returnedAt: closed },
          returns: [[{ gnum: 1, qty: '2' }], [{ gnum: 2, qty: '1' }]],
        }),
      ),
    ).toMatchObject({ authenticity: 'verified', reversedAmount: '167.00' });
  });

  it('records an import payment once its list is released', () => {
    const a = assess({
      flow: 'import',
      orderNo: 'IMP1',
      receipt: { amount: '250.00', currency: '142' },
      list: { amount: '230.00', currency: '142', prices: {} },
      clearance: { releasedAt: released },
      returns: [],
    });
    expect(a).toEqual({
      recordable: true,
      currency: 'CNY',
      declaredAmount: '250.00',
      reversedAmount: '0.00',
      authenticity: 'verified',
      reasons: [],
    });
  });
});
