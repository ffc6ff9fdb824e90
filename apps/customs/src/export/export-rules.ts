import {
  dec,
  type EnterpriseRole,
  type ExportInventory,
  type ExportOrder,
  type ExportReceipt,
  type ExportWaybill,
  money,
  sum,
} from '@swx/contracts';

import { EXPORT_RELEASE_POLICY, type ExportReleasePolicy, hsMatches } from './export-policy';

/** The four documents of one export case (one order). */
export interface ExportCaseDocuments {
  order: ExportOrder;
  receipt: ExportReceipt;
  list: ExportInventory;
  waybill: ExportWaybill;
}

export interface RuleContext extends ExportCaseDocuments {
  /** Whether `code` is an active registered enterprise holding `role` (customs' projection of the registry). */
  isRegistered(code: string, role: EnterpriseRole): boolean;
}

export interface RuleFailureEntry {
  code: string;
  message: string;
}

export interface ExportRule {
  code: string;
  name: string;
  /** What the rule requires, as customs writes it into `returnInfo`. */
  description: string;
  /** Details of every mismatch; empty when the rule holds. */
  check(ctx: RuleContext): string[];
}

const sameDecimal = (a: string, b: string): boolean => dec(a).eq(dec(b));

function listLinesMatchOrder({ order, list }: RuleContext): string[] {
  const problems: string[] = [];
  const orderHead = order.OrderHead;
  const listHead = list.InventoryHead;
  if (listHead.ebcCode !== orderHead.ebcCode) {
    problems.push(`清单收发货人 ${listHead.ebcCode} ≠ 订单电商企业 ${orderHead.ebcCode}`);
  }
  if (list.InventoryList.length !== order.OrderList.length) {
    problems.push(`清单 ${list.InventoryList.length} 项 ≠ 订单 ${order.OrderList.length} 项`);
  }
  for (const line of list.InventoryList) {
    const ordered = order.OrderList.find((o) => o.gnum === line.gnum);
    if (!ordered) {
      problems.push(`清单第 ${line.gnum} 项在订单中不存在`);
      continue;
    }
    const differing = [
      ordered.itemNo !== line.itemNo ? 'itemNo' : '',
      ordered.currency !== line.currency ? 'currency' : '',
      !sameDecimal(ordered.qty, line.qty) ? 'qty' : '',
      !sameDecimal(ordered.price, line.price) ? 'price' : '',
      !sameDecimal(ordered.totalPrice, line.totalPrice) ? 'totalPrice' : '',
    ].filter(Boolean);
    if (differing.length > 0) problems.push(`第 ${line.gnum} 项 ${differing.join(',')} 不一致`);
  }
  return problems;
}

function receiptAmountMatchesOrder({ order, receipt }: RuleContext): string[] {
  const head = order.OrderHead;
  const r = receipt.Receipts;
  const problems: string[] = [];
  const due = sum([head.goodsValue, head.freight]);
  if (!dec(r.charge).eq(due)) {
    problems.push(`收款金额 ${r.charge} ≠ 订单商品金额+运杂费 ${money(due)}`);
  }
  if (r.currency !== head.currency) problems.push(`收款币制 ${r.currency} ≠ 订单币制 ${head.currency}`);
  if (r.ebcCode !== head.ebcCode) problems.push(`收款电商企业 ${r.ebcCode} ≠ 订单电商企业 ${head.ebcCode}`);
  return problems;
}

function listWaybillMatchesWaybill({ list, waybill }: RuleContext): string[] {
  const head = list.InventoryHead;
  const w = waybill.Logistics;
  const problems: string[] = [];
  if (head.logisticsCode !== w.logisticsCode || head.logisticsNo !== w.logisticsNo) {
    problems.push(
      `清单运单 ${head.logisticsCode}/${head.logisticsNo} ≠ 运单 ${w.logisticsCode}/${w.logisticsNo}`,
    );
  }
  const differing = [
    !sameDecimal(head.freight, w.freight) || head.fCurrency !== w.currency ? 'freight' : '',
    !sameDecimal(head.insuredFee, w.insuredFee) || head.iCurrency !== w.currency ? 'insuredFee' : '',
    !sameDecimal(head.grossWeight, w.grossWeight) ? 'grossWeight' : '',
    head.packNo !== w.packNo ? 'packNo' : '',
    w.ebcCode && w.ebcCode !== head.ebcCode ? 'ebcCode' : '',
  ].filter(Boolean);
  if (differing.length > 0) problems.push(`清单与运单 ${differing.join(',')} 不一致`);
  return problems;
}

function enterprisesRegistered(ctx: RuleContext): string[] {
  const { order, receipt, list, waybill } = ctx;
  const wanted: [string | undefined, EnterpriseRole, string][] = [
    [order.OrderHead.ebpCode, 'ebp', '电商平台'],
    [order.OrderHead.ebcCode, 'ebc', '电商企业'],
    [receipt.Receipts.payCode, 'pay', '支付企业'],
    [waybill.Logistics.logisticsCode, 'logistics', '物流企业'],
    [list.InventoryHead.agentCode, 'agent', '申报企业'],
  ];
  return wanted
    .filter(([code, role]) => code !== undefined && !ctx.isRegistered(code, role))
    .map(([code, role, label]) => `${label} ${code} 未备案为 ${role}`);
}

/**
 * The matching rules of an export case (清单 + 订单 + 收款单 + 运单), in the order customs reports them. 1322 is
 * the code customs fixtures use for 订单清单表体商品项不一致 (REFERENCE.md 6.1); the others are this platform's.
 */
export const EXPORT_RULES: readonly ExportRule[] = [
  {
    code: '1322',
    name: 'list-lines-match-order',
    description: '订单清单表体商品项不一致',
    check: listLinesMatchOrder,
  },
  {
    code: '1341',
    name: 'receipt-amount-matches-order',
    description: '收款单金额与订单不一致',
    check: receiptAmountMatchesOrder,
  },
  {
    code: '1351',
    name: 'list-waybill-matches-waybill',
    description: '清单与物流运单不一致',
    check: listWaybillMatchesWaybill,
  },
  {
    code: '1361',
    name: 'enterprises-registered',
    description: '企业未在海关备案或备案类型不符',
    check: enterprisesRegistered,
  },
];

/** Every failed rule of a complete case, one entry per rule with its details. */
export function failedRules(
  ctx: RuleContext,
  rules: readonly ExportRule[] = EXPORT_RULES,
): RuleFailureEntry[] {
  return rules.flatMap((rule) => {
    const problems = rule.check(ctx);
    return problems.length === 0
      ? []
      : [{ code: rule.code, message: `${rule.description}: ${problems.join('; ')}` }];
  });
}

/** Codes of a list that passed matching but may not be released on the list: it goes to a full declaration. */
export const FULL_DECLARATION = {
  overTicketLimit: '2801',
  licence: '2802',
  exportDuty: '2803',
  valueNotInRmb: '2804',
} as const;

/**
 * Whether a matched list may be released on the list (清单核放). Any reason against sends it to a full declaration
 * (报关单). The ticket value is the goods value of the list (Σ line totalPrice, FOB as on the order), in RMB.
 */
export function fullDeclarationReasons(
  list: ExportInventory,
  policy: ExportReleasePolicy = EXPORT_RELEASE_POLICY,
): RuleFailureEntry[] {
  const reasons: RuleFailureEntry[] = [];
  const lines = list.InventoryList;
  const foreign = [...new Set(lines.map((l) => l.currency).filter((c) => c !== '142'))];
  if (foreign.length > 0) {
    reasons.push({
      code: FULL_DECLARATION.valueNotInRmb,
      message: `清单以币制 ${foreign.join(',')} 计价，无法核定单票人民币金额，请以报关单申报`,
    });
  } else {
    const value = sum(lines.map((l) => l.totalPrice));
    if (value.gt(policy.ticketLimitCny)) {
      reasons.push({
        code: FULL_DECLARATION.overTicketLimit,
        message: `单票货值 ${money(value)} 元超过 ${policy.ticketLimitCny} 元，请以报关单申报`,
      });
    }
  }
  const licensed = lines.filter((l) => hsMatches(l.gcode, policy.licenceHsPrefixes)).map((l) => l.gnum);
  if (list.InventoryHead.licenseNo || licensed.length > 0) {
    const which = licensed.length > 0 ? `第 ${licensed.join(',')} 项商品` : '清单';
    reasons.push({ code: FULL_DECLARATION.licence, message: `${which}涉及出口许可证，请以报关单申报` });
  }
  const dutiable = lines.filter((l) => hsMatches(l.gcode, policy.exportDutyHsPrefixes)).map((l) => l.gnum);
  if (dutiable.length > 0) {
    reasons.push({
      code: FULL_DECLARATION.exportDuty,
      message: `第 ${dutiable.join(',')} 项商品涉及出口关税，请以报关单申报`,
    });
  }
  return reasons;
}
