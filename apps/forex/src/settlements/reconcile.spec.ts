import type { SettlementKind } from '@swx/contracts';
import { seededRandom } from '@swx/testing';

import { applyFees, applySettlement, type RecordBalance, remaining } from './reconcile';
import { requestHash } from './settle.usecase';

/**
 * Reconciliation against a sequential evaluator: generated records, settlements (partial, several orders at once,
 * conversions), fee declarations (netting), duplicates and reused references, applied in random arrival orders.
 * The evaluator is written independently, in integer cents (BigInt), one request at a time; the production path is
 * `applySettlement` / `applyFees` on decimal strings with the service's idempotency rule (same reference: same
 * body replays, another body is refused).
 */

type Req =
  | {
      type: 'settle';
      ref: string;
      kind: SettlementKind;
      currency: string;
      allocations: { transactionId: string; amount: string }[];
    }
  | { type: 'fee'; ref: string; transactionId: string; amount: string };

const cents = (amount: string): bigint => {
  const [i, f = ''] = amount.split('.');
  return BigInt(i) * 100n + BigInt((f + '00').slice(0, 2));
};
const toAmount = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

function generate(seed: number): { records: RecordBalance[]; requests: Req[] } {
  const r = seededRandom(seed);
  const int = (n: number) => Math.floor(r() * n);
  const records: RecordBalance[] = Array.from({ length: 2 + int(5) }, (_, i) => {
    const flow = r() < 0.7 ? 'export' : 'import';
    return {
      transactionId: `${flow}:3301968AAA:ORD${seed}-${i}`,
      flow,
      enterpriseCode: '3301968AAA',
      currency: r() < 0.9 ? 'USD' : 'EUR',
      authenticity: r() < 0.9 ? 'verified' : 'unverified',
      declared: toAmount(BigInt(1 + int(200_000))),
      reversed: r() < 0.15 ? toAmount(BigInt(int(50_000))) : '0.00',
      settled: '0.00',
      converted: '0.00',
      fees: '0.00',
    } satisfies RecordBalance;
  });
  const requests: Req[] = [];
  const amount = (max: number) => toAmount(BigInt(1 + int(max)));
  for (let i = 0; i < 6 + int(12); i++) {
    const pick = () => records[int(records.length)];
    if (r() < 0.25) {
      const rec = pick();
      requests.push({ type: 'fee', ref: `F${i}`, transactionId: rec.transactionId, amount: amount(20_000) });
    } else {
      const n = 1 + int(Math.min(3, records.length));
      const chosen = [...new Set(Array.from({ length: n }, pick))];
      const flow = chosen[0].flow;
      const kind: SettlementKind =
        flow === 'export'
          ? r() < 0.8
            ? 'receipt'
            : 'conversion-settle'
          : r() < 0.8
            ? 'payment'
            : 'conversion-purchase';
      requests.push({
        type: 'settle',
        ref: `S${i}`,
        kind,
        currency: r() < 0.95 ? chosen[0].currency : 'GBP',
        allocations: chosen.map((c) => ({ transactionId: c.transactionId, amount: amount(120_000) })),
      });
    }
    if (r() < 0.2) requests.push(structuredClone(requests[requests.length - 1]));
    if (r() < 0.05) {
      const reused = structuredClone(requests[requests.length - 1]);
      if (reused.type === 'fee') reused.amount = toAmount(cents(reused.amount) + 1n);
      else reused.allocations[0].amount = toAmount(cents(reused.allocations[0].amount) + 1n);
      requests.push(reused);
    }
  }
  return { records, requests };
}

function shuffle<T>(items: T[], r: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

type Outcome = 'accepted' | 'replayed' | 'refused';

/** The production path: the service's idempotency rule around `applySettlement` / `applyFees`. */
function runProduction(records: RecordBalance[], requests: Req[]) {
  let balances = new Map(records.map((b) => [b.transactionId, b]));
  const seen = new Map<string, string>();
  const outcomes: Outcome[] = [];
  for (const req of requests) {
    const key = `${req.type}:${req.ref}`;
    const hash = requestHash(req);
    if (seen.has(key)) {
      outcomes.push(seen.get(key) === hash ? 'replayed' : 'refused');
      continue;
    }
    if (req.type === 'settle') {
      const total = req.allocations.reduce((a, x) => a + cents(x.amount), 0n);
      const result = applySettlement(balances, { ...req, amount: toAmount(total) });
      if (result.ok) {
        balances = result.balances;
        seen.set(key, hash);
        outcomes.push('accepted');
      } else outcomes.push('refused');
    } else {
      const b = balances.get(req.transactionId)!;
      const result = applyFees(b, req.amount);
      if (result.ok) {
        balances.set(req.transactionId, result.balance);
        seen.set(key, hash);
        outcomes.push('accepted');
      } else outcomes.push('refused');
    }
  }
  return { balances, outcomes };
}

/** The sequential evaluator: integer cents, one request at a time, the rules written out plainly. */
function runEvaluator(records: RecordBalance[], requests: Req[]) {
  const state = new Map(
    records.map((b) => [
      b.transactionId,
      {
        ...b,
        cap: cents(b.declared) > cents(b.reversed) ? cents(b.declared) - cents(b.reversed) : 0n,
        s: 0n,
        c: 0n,
        f: 0n,
      },
    ]),
  );
  const seen = new Map<string, string>();
  const outcomes: Outcome[] = [];
  for (const req of requests) {
    const key = `${req.type}:${req.ref}`;
    const body = JSON.stringify(req);
    if (seen.has(key)) {
      outcomes.push(seen.get(key) === body ? 'replayed' : 'refused');
      continue;
    }
    let ok = true;
    if (req.type === 'fee') {
      const st = state.get(req.transactionId)!;
      ok =
        st.flow === 'export' && st.authenticity === 'verified' && st.s + st.f + cents(req.amount) <= st.cap;
      if (ok) st.f += cents(req.amount);
    } else {
      const flow = req.kind === 'receipt' || req.kind === 'conversion-settle' ? 'export' : 'import';
      const plan = req.allocations.map((a) => ({ st: state.get(a.transactionId)!, x: cents(a.amount) }));
      for (const { st, x } of plan) {
        if (st.flow !== flow || st.authenticity !== 'verified' || st.currency !== req.currency) ok = false;
        else if (req.kind === 'receipt' || req.kind === 'payment') ok &&= st.s + st.f + x <= st.cap;
        else if (req.kind === 'conversion-settle') ok &&= st.c + x <= st.s;
        else ok &&= st.c + x <= st.cap - st.f;
      }
      if (ok)
        for (const { st, x } of plan) {
          if (req.kind === 'receipt' || req.kind === 'payment') st.s += x;
          else st.c += x;
        }
    }
    if (ok) seen.set(key, body);
    outcomes.push(ok ? 'accepted' : 'refused');
  }
  return { state, outcomes };
}

describe('settlement reconciliation against a sequential evaluator', () => {
  const CASES = 400;

  it('agrees with the evaluator on every decision and balance, in any arrival order, never over-settling', () => {
    let accepted = 0;
    let refused = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const { records, requests } = generate(seed);
      const order = shuffle(requests, seededRandom(seed * 7919));
      const production = runProduction(records, order);
      const evaluator = runEvaluator(records, order);
      expect({ seed, outcomes: production.outcomes }).toEqual({ seed, outcomes: evaluator.outcomes });
      for (const [id, st] of evaluator.state) {
        const b = production.balances.get(id)!;
        expect({ seed, id, settled: b.settled, fees: b.fees, converted: b.converted }).toEqual({
          seed,
          id,
          settled: toAmount(st.s),
          fees: toAmount(st.f),
          converted: toAmount(st.c),
        });
        expect(cents(b.settled) + cents(b.fees)).toBeLessThanOrEqual(st.cap);
        expect(remaining(b).isNegative()).toBe(false);
      }
      accepted += production.outcomes.filter((o) => o === 'accepted').length;
      refused += production.outcomes.filter((o) => o === 'refused').length;
    }
    // The generator exercises both sides of every rule.
    expect(accepted).toBeGreaterThan(CASES);
    expect(refused).toBeGreaterThan(CASES / 4);
  });

  it('reaches the same balances whatever the arrival order when everything fits', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const records: RecordBalance[] = [0, 1, 2].map((i) => ({
        transactionId: `export:3301968AAA:FIT${seed}-${i}`,
        flow: 'export',
        enterpriseCode: '3301968AAA',
        currency: 'USD',
        authenticity: 'verified',
        declared: '1000.00',
        reversed: '0.00',
        settled: '0.00',
        converted: '0.00',
        fees: '0.00',
      }));
      const r = seededRandom(seed);
      const requests: Req[] = records.flatMap((rec, i) => [
        { type: 'fee' as const, ref: `F${i}`, transactionId: rec.transactionId, amount: '100.01' },
        {
          type: 'settle' as const,
          ref: `S${i}a`,
          kind: 'receipt' as const,
          currency: 'USD',
          allocations: [{ transactionId: rec.transactionId, amount: '499.99' }],
        },
        {
          type: 'settle' as const,
          ref: `S${i}b`,
          kind: 'receipt' as const,
          currency: 'USD',
          allocations: [{ transactionId: rec.transactionId, amount: '400.00' }],
        },
      ]);
      const a = runProduction(records, shuffle(requests, r));
      const b = runProduction(records, shuffle(requests, r));
      for (const rec of records) {
        expect(a.balances.get(rec.transactionId)).toEqual(b.balances.get(rec.transactionId));
        // A net receipt reconciles as gross minus fees: 499.99 + 400.00 + 100.01 = 1000.00 declared.
        expect(remaining(a.balances.get(rec.transactionId)!).toFixed(2)).toBe('0.00');
      }
    }
  });

  it('names every error of a refused settlement with its path', () => {
    const rec: RecordBalance = {
      transactionId: 'export:3301968AAA:E1',
      flow: 'export',
      enterpriseCode: '3301968AAA',
      currency: 'USD',
      authenticity: 'verified',
      declared: '100.00',
      reversed: '10.00',
      settled: '50.00',
      converted: '0.00',
      fees: '5.00',
    };
    const result = applySettlement(new Map([[rec.transactionId, rec]]), {
      kind: 'receipt',
      currency: 'USD',
      amount: '40.00',
      allocations: [
        { transactionId: rec.transactionId, amount: '35.01' },
        { transactionId: 'export:3301968AAA:NOPE', amount: '4.99' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'allocations[0].amount',
          rule: 'notOverSettled',
          message:
            '35.01 exceeds what remains settleable on export:3301968AAA:E1: 35.00 (declared 100.00, reversed 10.00, settled 50.00, fees 5.00)',
        },
        {
          path: 'allocations[1].transactionId',
          rule: 'knownTransaction',
          message: 'no transaction record export:3301968AAA:NOPE for this bank',
        },
      ],
    });
    expect(
      applySettlement(
        new Map([[rec.transactionId, rec]]),
        {
          kind: 'receipt',
          currency: 'USD',
          amount: '35.35',
          allocations: [{ transactionId: rec.transactionId, amount: '35.35' }],
        },
        '0.01',
      ),
    ).toMatchObject({ ok: true });
  });

  it('lets receipts, payments and fees go beyond the declared amount by the configured tolerance, and not a cent more', () => {
    const record = (over: Partial<RecordBalance>): RecordBalance => ({
      transactionId: 'export:3301960001:T1',
      flow: 'export',
      enterpriseCode: '3301960002',
      currency: 'CNY',
      authenticity: 'verified',
      declared: '333.33',
      reversed: '0.00',
      settled: '0.00',
      converted: '0.00',
      fees: '0.00',
      ...over,
    });
    const settle = (b: RecordBalance, kind: SettlementKind, amount: string, tolerance: string) =>
      applySettlement(
        new Map([[b.transactionId, b]]),
        { kind, currency: 'CNY', amount, allocations: [{ transactionId: b.transactionId, amount }] },
        tolerance,
      );
    // 333.33 × 1.01 = 336.6633: 336.66 fits, 336.67 does not; without a tolerance 333.34 is already too much.
    expect(settle(record({}), 'receipt', '336.66', '0.01')).toMatchObject({ ok: true });
    expect(settle(record({}), 'receipt', '336.67', '0.01')).toMatchObject({
      ok: false,
      errors: [
        {
          path: 'allocations[0].amount',
          rule: 'notOverSettled',
          message: expect.stringContaining('remains settleable on export:3301960001:T1: 336.66'),
        },
      ],
    });
    expect(settle(record({}), 'receipt', '333.33', '0')).toMatchObject({ ok: true });
    expect(settle(record({}), 'receipt', '333.34', '0')).toMatchObject({ ok: false });
    expect(remaining(record({}), '0.01').toFixed(2, 1)).toBe('336.66');
    // The tolerance applies to what is left after a return, before fees and earlier settlements come off:
    // (642.00 − 91.00) × 1.005 = 553.755; less 42.00 fees and 500.00 settled leaves 11.755.
    const partly = record({ declared: '642.00', reversed: '91.00', fees: '42.00', settled: '500.00' });
    expect(settle(partly, 'receipt', '11.75', '0.005')).toMatchObject({ ok: true });
    expect(settle(partly, 'receipt', '11.76', '0.005')).toMatchObject({ ok: false });
    expect(settle(partly, 'receipt', '9.01', '0')).toMatchObject({ ok: false });
    // Fees are netted within the same ceiling.
    expect(applyFees(record({}), '336.66', '0.01')).toMatchObject({ ok: true });
    expect(applyFees(record({}), '336.67', '0.01')).toMatchObject({
      ok: false,
      errors: [{ rule: 'notOverSettled' }],
    });
    // Imports: payments up to the ceiling; 购汇 never beyond it (less fees); 结汇 never beyond what was received.
    const imported = record({ transactionId: 'import:3301960001:T2', flow: 'import', declared: '200.00' });
    expect(settle(imported, 'payment', '202.00', '0.01')).toMatchObject({ ok: true });
    expect(settle(imported, 'payment', '202.01', '0.01')).toMatchObject({ ok: false });
    expect(settle(imported, 'conversion-purchase', '202.00', '0.01')).toMatchObject({ ok: true });
    expect(settle(imported, 'conversion-purchase', '202.01', '0.01')).toMatchObject({
      ok: false,
      errors: [{ rule: 'notOverConverted' }],
    });
    const received = record({ settled: '336.66' });
    expect(settle(received, 'conversion-settle', '336.66', '0.01')).toMatchObject({ ok: true });
    expect(settle(received, 'conversion-settle', '336.67', '0.01')).toMatchObject({
      ok: false,
      errors: [{ rule: 'notOverConverted' }],
    });
  });
});
