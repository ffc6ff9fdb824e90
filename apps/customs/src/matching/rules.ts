import {
  checkImportOrder,
  dec,
  type EnterpriseRole,
  money,
  sameAmount,
  samePerson,
  sum,
} from '@swx/contracts';

import type { CompleteCase } from './documents';

/** Answers whether a code is an active registered enterprise holding a role (the registry projection). */
export type RegistryLookup = (code: string, role: EnterpriseRole) => boolean;

export interface RuleContext extends CompleteCase {
  registered: RegistryLookup;
  /**
   * Who declared the order (the gateway's party of its first version). The e-commerce enterprise declares it
   * itself only when the platform is not registered with customs; `ebpCode` is then the e-port's platform
   * identifier (「电商平台未在海关注册登记，由电商企业发送订单的，以中国电子口岸发布的电商平台标识编号为准」), not a registration.
   */
  orderDeclarer?: string;
}

export interface MatchRule {
  /** The code written into `returnInfo` as `[Code:…;Desc:…]`. */
  code: string;
  /** Scenario name; each rule has its own spec file named after it. */
  name: string;
  message: string;
  /** The failure detail, or undefined when the rule holds. */
  check(ctx: RuleContext): string | undefined;
}

/** Marker an e-commerce platform writes into the order's `note` when it has verified the buyer's identity. */
export const BUYER_VERIFIED_MARKER = '订购人已实名认证';

/** Single-transaction limit on the dutiable value (完税价格), RMB. */
export const SINGLE_TRANSACTION_LIMIT = '5000';

/** Dutiable value of the list: goods (Σ line totals) + freight + insurance, exact, 2 places. */
export const dutiableValue = (c: CompleteCase): string =>
  money(
    sum(c.list.InventoryList.map((l) => l.totalPrice))
      .plus(c.list.InventoryHead.freight)
      .plus(c.list.InventoryHead.insuredFee),
  );

/** The rule table of 三单对碰 / 四单比对 (REFERENCE.md 7.1–7.3), evaluated in this order. */
export const MATCH_RULES: readonly MatchRule[] = [
  {
    code: '1320',
    name: 'documents-declared-for-another-platform',
    message: '支付单或清单的电商平台、电商企业与订单不一致',
    check: ({ order, payment, list }) => {
      const o = order.OrderHead;
      const wrong: string[] = [];
      if (payment.PaymentHead.ebpCode !== o.ebpCode)
        wrong.push(`payment ebpCode ${payment.PaymentHead.ebpCode}`);
      if (list.InventoryHead.ebpCode !== o.ebpCode) wrong.push(`list ebpCode ${list.InventoryHead.ebpCode}`);
      if (list.InventoryHead.ebcCode !== o.ebcCode) wrong.push(`list ebcCode ${list.InventoryHead.ebcCode}`);
      return wrong.length ? `${wrong.join(', ')} ≠ order ${o.ebpCode}/${o.ebcCode}` : undefined;
    },
  },
  {
    code: '1301',
    name: 'order-arithmetic-wrong',
    message: '订单金额计算错误',
    check: ({ order }) => {
      const violations = checkImportOrder(order);
      return violations.length ? violations.map((v) => v.message).join('; ') : undefined;
    },
  },
  {
    code: '1325',
    name: 'payment-amount-differs-from-order',
    message: '订单实际支付金额与支付单支付金额不一致',
    check: ({ order, payment }) =>
      sameAmount(order.OrderHead.acturalPaid, payment.PaymentHead.amountPaid)
        ? undefined
        : `acturalPaid ${money(order.OrderHead.acturalPaid)} ≠ amountPaid ${money(payment.PaymentHead.amountPaid)}`,
  },
  {
    code: '13035',
    name: 'payment-company-differs-from-order',
    message: '支付企业不一致',
    check: ({ order, payment }) =>
      order.OrderHead.payCode !== undefined && order.OrderHead.payCode !== payment.PaymentHead.payCode
        ? `order payCode ${order.OrderHead.payCode} ≠ payment payCode ${payment.PaymentHead.payCode}`
        : undefined,
  },
  {
    code: '1327',
    name: 'buyer-differs-from-payer',
    message: '订单购买人与支付单支付人名字或身份证号码不一致',
    check: ({ order, payment }) => {
      if ((order.OrderHead.note ?? '').includes(BUYER_VERIFIED_MARKER)) return undefined;
      const o = order.OrderHead;
      const p = payment.PaymentHead;
      return !samePerson(o.buyerName, p.payerName) || !samePerson(o.buyerIdNumber, p.payerIdNumber)
        ? 'buyer name or ID number ≠ payer name or ID number'
        : undefined;
    },
  },
  {
    code: '1328',
    name: 'consignee-differs-from-waybill',
    message: '订单收货人姓名、电话或地址与运单不一致',
    check: ({ order, waybill }) => {
      const o = order.OrderHead;
      const w = waybill.LogisticsHead;
      const fields = (['consignee', 'consigneeTelephone', 'consigneeAddress'] as const).filter(
        (f) => !samePerson(o[f], w[f]),
      );
      return fields.length ? `${fields.join(', ')} differ` : undefined;
    },
  },
  {
    code: '13127',
    name: 'list-buyer-differs-from-order',
    message: '清单订购人和订单不一致，修改订购人后重新申报',
    check: ({ order, list }) => {
      const o = order.OrderHead;
      const l = list.InventoryHead;
      const fields = (['buyerName', 'buyerIdNumber', 'buyerTelephone'] as const).filter(
        (f) => !samePerson(o[f], l[f]),
      );
      return fields.length ? `${fields.join(', ')} differ` : undefined;
    },
  },
  {
    code: '1322',
    name: 'list-lines-differ-from-order',
    message: '订单清单表体商品项不一致',
    check: ({ order, list }) => {
      const byGnum = new Map(order.OrderList.map((l) => [l.gnum, l]));
      const problems: string[] = [];
      if (order.OrderList.length !== list.InventoryList.length) {
        problems.push(`order has ${order.OrderList.length} lines, list ${list.InventoryList.length}`);
      }
      for (const line of list.InventoryList) {
        const o = byGnum.get(line.gnum);
        if (!o) {
          problems.push(`gnum ${line.gnum} not in the order`);
          continue;
        }
        if (o.itemName !== line.gname) problems.push(`gnum ${line.gnum} name`);
        if (!dec(o.qty).equals(dec(line.qty))) problems.push(`gnum ${line.gnum} qty`);
        if (!sameAmount(o.price, line.price)) problems.push(`gnum ${line.gnum} price`);
      }
      return problems.length ? problems.join('; ') : undefined;
    },
  },
  {
    code: '1329',
    name: 'list-waybill-differs',
    message: '清单物流企业或运单编号与运单不一致',
    check: ({ waybill, list }) => {
      const w = waybill.LogisticsHead;
      const l = list.InventoryHead;
      return w.logisticsCode !== l.logisticsCode || w.logisticsNo !== l.logisticsNo
        ? `list ${l.logisticsCode}/${l.logisticsNo} ≠ waybill ${w.logisticsCode}/${w.logisticsNo}`
        : undefined;
    },
  },
  {
    code: '-10102',
    name: 'enterprise-not-registered-in-role',
    message: '无效企业代码：企业未在海关备案或备案角色不符',
    check: ({ order, payment, waybill, list, registered, orderDeclarer }) => {
      const { ebpCode, ebcCode } = order.OrderHead;
      const platformUnregistered = orderDeclarer === ebcCode && ebpCode !== ebcCode;
      const wanted: [string, EnterpriseRole][] = [
        ...(platformUnregistered ? [] : [[order.OrderHead.ebpCode, 'ebp'] as [string, EnterpriseRole]]),
        [order.OrderHead.ebcCode, 'ebc'],
        [payment.PaymentHead.payCode, 'pay'],
        [waybill.LogisticsHead.logisticsCode, 'logistics'],
        [list.InventoryHead.agentCode, 'agent'],
      ];
      if (order.OrderHead.payCode) wanted.push([order.OrderHead.payCode, 'pay']);
      if (list.InventoryHead.areaCode) wanted.push([list.InventoryHead.areaCode, 'warehouse']);
      const bad = [
        ...new Set(wanted.filter(([code, role]) => !registered(code, role)).map(([c, r]) => `${c} (${r})`)),
      ];
      return bad.length ? bad.join(', ') : undefined;
    },
  },
  {
    code: '-621005',
    name: 'single-transaction-over-limit',
    message: '清单购买金额超过单笔限额',
    check: (c) => {
      const value = dutiableValue(c);
      return dec(value).greaterThan(SINGLE_TRANSACTION_LIMIT)
        ? `完税价格 ${value} > ${money(SINGLE_TRANSACTION_LIMIT)}`
        : undefined;
    },
  },
];

export interface RuleFailureResult {
  code: string;
  message: string;
}

export function runRules(ctx: RuleContext): RuleFailureResult[] {
  const failures: RuleFailureResult[] = [];
  for (const rule of MATCH_RULES) {
    const detail = rule.check(ctx);
    if (detail !== undefined) failures.push({ code: rule.code, message: `${rule.message}: ${detail}` });
  }
  return failures;
}
