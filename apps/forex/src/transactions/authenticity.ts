import { dec, money, sum } from '@swx/contracts';
import type { AuthenticityStatus, FxFlow } from '@swx/contracts';

import { isoOf } from '../rates/currency-codes';

/** What forex holds of one order's documents and clearance, as the assembly reads it. */
export interface TransactionFacts {
  flow: FxFlow;
  orderNo: string;
  /** Export: CEB303 goodsValue and freight; absent for import (no order document is needed). */
  order?: { amount: string; freight: string; currency: string };
  /** Export: CEB403 charge; import: CEB411 amountPaid. */
  receipt?: { amount: string; currency: string };
  /** CEB603 / CEB621: total of its lines and their unit prices by gnum. */
  list?: { amount: string; currency: string; prices: Record<string, string> };
  clearance?: { releasedAt?: Date; closedAt?: Date; cancelledAt?: Date; returnedAt?: Date };
  /** Export: the CEB509 that names the list's waybill. */
  departure?: { copNo: string; leftAt: Date };
  /** Returned lines of returns (CEB213 / CEB625) recorded for the list: gnum and quantity. */
  returns: { gnum: number; qty: string }[][];
}

export interface Assessment {
  /** Whether the record is released to banks: export once departed (or cancelled after), import once released. */
  recordable: boolean;
  currency?: string;
  declaredAmount?: string;
  reversedAmount: string;
  authenticity: AuthenticityStatus;
  reasons: string[];
}

/**
 * Authenticity review (真实性审核) of one order from its documents: every document present, amounts and currencies
 * agreeing, the list released (and for export departed); what differs is named. Cancellations reverse all of
 * it, returns the value of the returned lines (quantity × the list's unit price).
 */
export function assess(f: TransactionFacts): Assessment {
  const reasons: string[] = [];
  const c = f.clearance ?? {};
  if (f.flow === 'export') {
    if (!f.order) reasons.push('订单 (CEB303) 未收到');
    if (!f.receipt) reasons.push('收款单 (CEB403) 未收到');
  } else if (!f.receipt) reasons.push('支付单 (CEB411) 未收到');
  if (!f.list) reasons.push(`清单 (${f.flow === 'export' ? 'CEB603' : 'CEB621'}) 未收到`);
  if (!c.releasedAt && !c.cancelledAt) reasons.push('清单未放行');
  if (f.flow === 'export' && !f.departure) reasons.push('离境单 (CEB509) 未收到');
  if (f.flow === 'export' && f.departure && !c.closedAt && !c.cancelledAt) reasons.push('清单未结关');

  if (f.order && f.receipt) {
    const due = dec(f.order.amount).plus(f.order.freight);
    if (money(f.receipt.amount) !== money(due))
      reasons.push(`收款金额 ${money(f.receipt.amount)} ≠ 订单商品金额+运杂费 ${money(due)}`);
    if (f.order.currency !== f.receipt.currency) reasons.push('收款币制与订单不一致');
  }
  if (f.order && f.list) {
    if (money(f.order.amount) !== money(f.list.amount))
      reasons.push(`清单货值 ${money(f.list.amount)} ≠ 订单商品金额 ${money(f.order.amount)}`);
    if (f.order.currency !== f.list.currency) reasons.push('清单币制与订单不一致');
  }
  const currency = isoOf(f.receipt?.currency ?? f.order?.currency);
  if ((f.receipt || f.order) && !currency) reasons.push('币制不在外汇币种表内');

  const declared = f.receipt ? dec(f.receipt.amount) : undefined;
  let reversed = dec(0);
  if (c.cancelledAt && declared) reversed = declared;
  else if (c.returnedAt && f.list && declared) {
    const prices = f.list.prices;
    const value = sum(f.returns.flat().map((l) => dec(l.qty).times(prices[String(l.gnum)] ?? 0)));
    reversed = value.gt(declared) ? declared : value;
  }

  const recordable =
    f.flow === 'export'
      ? Boolean((c.closedAt && f.departure) || (c.cancelledAt && c.releasedAt))
      : Boolean(c.releasedAt);
  const authenticity: AuthenticityStatus = c.cancelledAt
    ? 'reversed'
    : reasons.length === 0
      ? 'verified'
      : 'unverified';
  return {
    recordable,
    ...(currency ? { currency } : {}),
    ...(declared ? { declaredAmount: money(declared) } : {}),
    reversedAmount: money(reversed),
    authenticity,
    reasons: c.cancelledAt ? ['清单已撤销'] : reasons,
  };
}
