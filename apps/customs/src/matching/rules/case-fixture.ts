import { randomUUID } from 'node:crypto';

import {
  DEMO_ENTERPRISES,
  type EnterpriseRole,
  IMPORT_INVENTORY_EXAMPLE,
  IMPORT_ORDER_EXAMPLE,
  IMPORT_PAYMENT_EXAMPLE,
  IMPORT_WAYBILL_EXAMPLE,
} from '@swx/contracts';

import type { CompleteCase } from '../documents';
import { evaluateCase, type Evaluation } from '../evaluate';
import type { RegistryLookup } from '../rules';

/** The demo set: a consistent order, payment, waybill and list (fresh copies, safe to break). */
export function consistentCase(): CompleteCase {
  return structuredClone({
    order: IMPORT_ORDER_EXAMPLE,
    payment: IMPORT_PAYMENT_EXAMPLE,
    waybill: IMPORT_WAYBILL_EXAMPLE,
    list: IMPORT_INVENTORY_EXAMPLE,
  });
}

/** The demo enterprises, each registered in its own role. */
export const demoRegistry: RegistryLookup = (code: string, role: EnterpriseRole) =>
  Object.values(DEMO_ENTERPRISES).some(
    (e) => e.customsCode === code && (e.roles as readonly EnterpriseRole[]).includes(role),
  );

export function evaluate(c: CompleteCase, registered: RegistryLookup = demoRegistry): Evaluation {
  return evaluateCase({ CEB311: c.order, CEB411: c.payment, CEB511: c.waybill, CEB621: c.list }, registered);
}

export const failedCodes = (c: CompleteCase, registered?: RegistryLookup): string[] =>
  evaluate(c, registered).failures.map((f) => f.code);

/** The demo set for another order: fresh guids, order number, payment transaction and waybill number. */
export function caseFor(orderNo: string): CompleteCase {
  const c = consistentCase();
  const guid = () => randomUUID().toUpperCase();
  const transaction = `PAY${orderNo}`.slice(0, 60);
  const logisticsNo = `LN${orderNo}`.slice(0, 60);
  Object.assign(c.order.OrderHead, { guid: guid(), orderNo, payTransactionId: transaction });
  Object.assign(c.payment.PaymentHead, { guid: guid(), orderNo, payTransactionId: transaction });
  Object.assign(c.waybill.LogisticsHead, { guid: guid(), orderNo, logisticsNo });
  Object.assign(c.list.InventoryHead, { guid: guid(), orderNo, logisticsNo });
  return c;
}
