import { randomUUID } from 'node:crypto';

import { IMPORT_ORDER_EXAMPLE, type ImportOrder } from '@swx/contracts';

/** A consistent CEB311 import order (the demo example) with a fresh guid and order number. */
export function importOrder(
  overrides: { orderNo?: string; ebpCode?: string; appType?: '1' | '2' | '3' } = {},
): ImportOrder {
  const example = structuredClone(IMPORT_ORDER_EXAMPLE);
  return {
    ...example,
    OrderHead: {
      ...example.OrderHead,
      guid: randomUUID().toUpperCase(),
      appType: overrides.appType ?? '1',
      orderNo: overrides.orderNo ?? `ORD-${randomUUID().slice(0, 18)}`,
      ebpCode: overrides.ebpCode ?? example.OrderHead.ebpCode,
      payTransactionId: `PAY-${randomUUID().slice(0, 18)}`,
    },
  };
}
