import { DEMO_ENTERPRISES } from '@swx/contracts';

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
});
