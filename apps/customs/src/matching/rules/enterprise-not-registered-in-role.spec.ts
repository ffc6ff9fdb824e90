import { DEMO_ENTERPRISES } from '@swx/contracts';

import { evaluateCase } from '../evaluate';
import { consistentCase, demoRegistry, evaluate, failedCodes } from './case-fixture';

describe('rule -10102: every enterprise registered with the right role', () => {
  it('holds when every code is registered in its role', () => {
    expect(failedCodes(consistentCase())).not.toContain('-10102');
  });

  it('fails for an unregistered logistics company, naming it', () => {
    const failures = evaluate(consistentCase(), (code, role) =>
      code === DEMO_ENTERPRISES.logistics.customsCode ? false : demoRegistry(code, role),
    ).failures;
    expect(failures.map((f) => f.code)).toEqual(['-10102']);
    expect(failures[0].message).toContain(`${DEMO_ENTERPRISES.logistics.customsCode} (logistics)`);
  });

  it('fails for a registered enterprise declaring in a role it does not hold', () => {
    const c = consistentCase();
    c.list.InventoryHead.agentCode = DEMO_ENTERPRISES.seller.customsCode;
    c.list.InventoryHead.assureCode = DEMO_ENTERPRISES.seller.customsCode;
    expect(failedCodes(c)).toEqual(['-10102']);
  });

  it('takes the e-port platform id of an order its e-commerce enterprise declared (platform not registered)', () => {
    const c = consistentCase();
    const eportId = '3301969876';
    for (const head of [c.order.OrderHead, c.payment.PaymentHead, c.list.InventoryHead])
      head.ebpCode = eportId;
    const docs = { CEB311: c.order, CEB411: c.payment, CEB511: c.waybill, CEB621: c.list };
    const seller = DEMO_ENTERPRISES.seller.customsCode;
    expect(evaluateCase(docs, demoRegistry, seller).failures.map((f) => f.code)).toEqual([]);
    // Declared by anyone else (or by nobody known), the platform must be registered.
    const failures = evaluateCase(docs, demoRegistry, eportId).failures;
    expect(failures.map((f) => f.code)).toEqual(['-10102']);
    expect(failures[0].message).toContain(`${eportId} (ebp)`);
    expect(evaluateCase(docs, demoRegistry).failures.map((f) => f.code)).toEqual(['-10102']);
  });
});
