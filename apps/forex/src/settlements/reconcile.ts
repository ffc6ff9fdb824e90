import { Decimal, dec, money } from '@swx/contracts';
import type { FxFlow, SettlementKind } from '@swx/contracts';

/** The balances of one transaction record that settlements and fee declarations move. */
export interface RecordBalance {
  transactionId: string;
  flow: FxFlow;
  enterpriseCode: string;
  currency: string;
  authenticity: 'verified' | 'unverified' | 'reversed';
  declared: string;
  reversed: string;
  /** Funds received (export) or paid (import), net of deducted fees. */
  settled: string;
  /** Converted to or from RMB (结汇 / 购汇). */
  converted: string;
  /** Overseas fees the enterprise declared deducted from the proceeds (netting, 轧差). */
  fees: string;
}

export interface ReconcileError {
  path: string;
  rule: string;
  message: string;
}

export interface Allocation {
  transactionId: string;
  amount: string;
}

/** The flow each settlement kind applies to: receipts and 结汇 on exports, payments and 购汇 on imports. */
export const FLOW_OF_KIND: Record<SettlementKind, FxFlow> = {
  receipt: 'export',
  'conversion-settle': 'export',
  payment: 'import',
  'conversion-purchase': 'import',
};

/** What may still be settled: (declared − reversed) × (1 + tolerance) − settled − fees. */
export function remaining(b: RecordBalance, tolerance: Decimal.Value = 0): Decimal {
  return capOf(b, tolerance).minus(b.settled).minus(b.fees);
}

const capOf = (b: RecordBalance, tolerance: Decimal.Value): Decimal =>
  Decimal.max(0, dec(b.declared).minus(b.reversed)).times(dec(1).plus(tolerance));

/**
 * Applies a settlement to the balances of the records it names (pure: returns new balances or every error).
 * A receipt or payment covers what was declared, less what was returned and the fees declared deducted: a net
 * receipt reconciles as gross minus fees. A conversion (结汇) never exceeds what was received, a purchase (购汇)
 * never what is payable. Amounts compare exactly (decimal), at 2 places.
 */
export function applySettlement(
  balances: ReadonlyMap<string, RecordBalance>,
  request: { kind: SettlementKind; currency: string; amount: string; allocations: Allocation[] },
  tolerance: Decimal.Value = 0,
): { ok: true; balances: Map<string, RecordBalance> } | { ok: false; errors: ReconcileError[] } {
  const errors: ReconcileError[] = [];
  const total = request.allocations.reduce((acc, a) => acc.plus(a.amount), dec(0));
  if (money(total) !== money(request.amount))
    errors.push({
      path: 'amount',
      rule: 'amount.equalsAllocations',
      message: `amount ${money(request.amount)} must equal the sum of the allocations ${money(total)}`,
    });
  const seen = new Set<string>();
  const next = new Map(balances);
  request.allocations.forEach((a, i) => {
    const at = `allocations[${i}]`;
    if (seen.has(a.transactionId)) {
      errors.push({
        path: `${at}.transactionId`,
        rule: 'unique',
        message: `${a.transactionId} is named twice`,
      });
      return;
    }
    seen.add(a.transactionId);
    const b = next.get(a.transactionId);
    if (!b) {
      errors.push({
        path: `${at}.transactionId`,
        rule: 'knownTransaction',
        message: `no transaction record ${a.transactionId} for this bank`,
      });
      return;
    }
    if (dec(a.amount).lte(0)) {
      errors.push({ path: `${at}.amount`, rule: 'positive', message: 'amount must be above 0' });
      return;
    }
    if (b.flow !== FLOW_OF_KIND[request.kind]) {
      errors.push({
        path: `${at}.transactionId`,
        rule: 'kindMatchesFlow',
        message: `a ${request.kind} settles ${FLOW_OF_KIND[request.kind]} records; ${a.transactionId} is an ${b.flow} record`,
      });
      return;
    }
    if (b.authenticity !== 'verified') {
      errors.push({
        path: `${at}.transactionId`,
        rule: 'verifiedTransaction',
        message: `${a.transactionId} is ${b.authenticity}: it cannot be settled`,
      });
      return;
    }
    if (b.currency !== request.currency) {
      errors.push({
        path: 'currency',
        rule: 'currencyOfTransactions',
        message: `${a.transactionId} is in ${b.currency}, the settlement in ${request.currency}`,
      });
      return;
    }
    if (request.kind === 'receipt' || request.kind === 'payment') {
      const left = remaining(b, tolerance);
      if (dec(a.amount).gt(left)) {
        errors.push({
          path: `${at}.amount`,
          rule: 'notOverSettled',
          message: `${money(a.amount)} exceeds what remains settleable on ${a.transactionId}: ${money(Decimal.max(0, left))} (declared ${money(b.declared)}, reversed ${money(b.reversed)}, settled ${money(b.settled)}, fees ${money(b.fees)})`,
        });
        return;
      }
      next.set(a.transactionId, { ...b, settled: money(dec(b.settled).plus(a.amount)) });
    } else {
      const ceiling =
        request.kind === 'conversion-settle' ? dec(b.settled) : capOf(b, tolerance).minus(b.fees);
      const left = ceiling.minus(b.converted);
      if (dec(a.amount).gt(left)) {
        errors.push({
          path: `${at}.amount`,
          rule: 'notOverConverted',
          message: `${money(a.amount)} exceeds what remains convertible on ${a.transactionId}: ${money(Decimal.max(0, left))}`,
        });
        return;
      }
      next.set(a.transactionId, { ...b, converted: money(dec(b.converted).plus(a.amount)) });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, balances: next };
}

/** Applies a fee declaration (netting): the fees join what covers the declared amount, never beyond it. */
export function applyFees(
  b: RecordBalance,
  amount: string,
  tolerance: Decimal.Value = 0,
): { ok: true; balance: RecordBalance } | { ok: false; errors: ReconcileError[] } {
  if (b.flow !== 'export')
    return {
      ok: false,
      errors: [
        { path: 'transactionId', rule: 'exportRecord', message: 'fees are netted against export proceeds' },
      ],
    };
  if (b.authenticity !== 'verified')
    return {
      ok: false,
      errors: [
        {
          path: 'transactionId',
          rule: 'verifiedTransaction',
          message: `${b.transactionId} is ${b.authenticity}: no fees are netted against it`,
        },
      ],
    };
  const left = remaining(b, tolerance);
  if (dec(amount).gt(left))
    return {
      ok: false,
      errors: [
        {
          path: 'amount',
          rule: 'notOverSettled',
          message: `fees ${money(amount)} exceed what remains on ${b.transactionId}: ${money(Decimal.max(0, left))}`,
        },
      ],
    };
  return { ok: true, balance: { ...b, fees: money(dec(b.fees).plus(amount)) } };
}
