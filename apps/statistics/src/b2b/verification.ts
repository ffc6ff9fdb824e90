import { dec, type ExportOrder, type ExportReceipt, type ExportWaybill, money } from '@swx/contracts';

import type { ListFacts } from '../volumes/facts';

export type B2bKind = 'order' | 'receipt' | 'waybill';

/** What verification keeps of an export order (CEB303). */
export interface OrderFacts {
  orderType: string;
  ebcCode: string;
  goodsValue: string;
  freight: string;
  currency: string;
}

/** What verification keeps of an export payment receipt (CEB403). */
export interface ReceiptFacts {
  ebcCode: string;
  charge: string;
  currency: string;
}

/** What verification keeps of an export waybill (CEB505): no person data. */
export interface WaybillFacts {
  ebcCode?: string;
}

export const orderFacts = (d: ExportOrder): { key: string; appTime: string; facts: OrderFacts } => ({
  key: `${d.OrderHead.ebpCode}:${d.OrderHead.orderNo}`,
  appTime: d.OrderHead.appTime,
  facts: {
    orderType: d.OrderHead.orderType,
    ebcCode: d.OrderHead.ebcCode,
    goodsValue: d.OrderHead.goodsValue,
    freight: d.OrderHead.freight,
    currency: d.OrderHead.currency,
  },
});

export const receiptFacts = (d: ExportReceipt): { key: string; appTime: string; facts: ReceiptFacts } => ({
  key: `${d.Receipts.ebpCode}:${d.Receipts.orderNo}`,
  appTime: d.Receipts.appTime,
  facts: { ebcCode: d.Receipts.ebcCode, charge: d.Receipts.charge, currency: d.Receipts.currency },
});

export const waybillFacts = (d: ExportWaybill): { key: string; appTime: string; facts: WaybillFacts } => ({
  key: `${d.Logistics.logisticsCode}:${d.Logistics.logisticsNo}`,
  appTime: d.Logistics.appTime,
  facts: d.Logistics.ebcCode ? { ebcCode: d.Logistics.ebcCode } : {},
});

export interface Mismatch {
  rule: string;
  message: string;
}

/** The order type a B2B trade mode is declared with: 9710 B (B2B 出口订单), 9810 W (海外仓订仓单). */
const ORDER_TYPE: Record<string, string> = { '9710': 'B', '9810': 'W' };

/**
 * 三单对碰 for statistics (S9): a 9710/9810 export list matched with its order (CEB303, by platform and order
 * number), its payment receipt (CEB403, likewise) and its waybill (CEB505, by carrier and waybill number). Every
 * mismatch is named by a rule code; none means the list is verified for statistics.
 */
export function verifyB2b(
  list: ListFacts,
  order: OrderFacts | null,
  receipt: ReceiptFacts | null,
  waybill: WaybillFacts | null,
): Mismatch[] {
  const out: Mismatch[] = [];
  const listCurrency = list.lines[0]?.currency;
  const listValue = list.lines.reduce((a, l) => a.plus(l.value), dec(0));
  if (!order)
    out.push({ rule: 'order.missing', message: `no export order (CEB303) ${list.ebpCode}/${list.orderNo}` });
  else {
    if (ORDER_TYPE[list.tradeMode] && order.orderType !== ORDER_TYPE[list.tradeMode])
      out.push({
        rule: 'order.type',
        message: `order type ${order.orderType} ≠ ${ORDER_TYPE[list.tradeMode]} of trade mode ${list.tradeMode}`,
      });
    if (order.ebcCode !== list.ebcCode)
      out.push({
        rule: 'order.seller',
        message: `order seller ${order.ebcCode} ≠ list seller ${list.ebcCode}`,
      });
    if (order.currency !== listCurrency)
      out.push({
        rule: 'order.currency',
        message: `order currency ${order.currency} ≠ list currency ${listCurrency}`,
      });
    else if (money(order.goodsValue) !== money(listValue))
      out.push({
        rule: 'order.value',
        message: `order goods value ${money(order.goodsValue)} ≠ list value ${money(listValue)}`,
      });
  }
  if (!receipt)
    out.push({
      rule: 'payment.missing',
      message: `no payment receipt (CEB403) ${list.ebpCode}/${list.orderNo}`,
    });
  else {
    if (receipt.ebcCode !== list.ebcCode)
      out.push({
        rule: 'payment.seller',
        message: `payment seller ${receipt.ebcCode} ≠ list seller ${list.ebcCode}`,
      });
    if (order) {
      const due = dec(order.goodsValue).plus(order.freight);
      if (receipt.currency !== order.currency)
        out.push({
          rule: 'payment.currency',
          message: `payment currency ${receipt.currency} ≠ order currency ${order.currency}`,
        });
      else if (money(receipt.charge) !== money(due))
        out.push({
          rule: 'payment.amount',
          message: `payment ${money(receipt.charge)} ≠ order goods + freight ${money(due)}`,
        });
    }
  }
  if (!waybill)
    out.push({
      rule: 'waybill.missing',
      message: `no waybill (CEB505) ${list.logisticsCode}/${list.logisticsNo ?? '?'}`,
    });
  else if (waybill.ebcCode && waybill.ebcCode !== list.ebcCode)
    out.push({
      rule: 'waybill.seller',
      message: `waybill seller ${waybill.ebcCode} ≠ list seller ${list.ebcCode}`,
    });
  return out;
}
