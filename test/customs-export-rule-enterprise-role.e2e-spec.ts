import { DEMO_ENTERPRISES } from '@swx/contracts';

import { type ExportStack, exportSet, expectRefusedByRule, startExportStack } from './customs-export-support';

describe('customs export rule 1361: every enterprise is registered in the role it acts in', () => {
  let stack: ExportStack;
  beforeAll(async () => {
    stack = await startExportStack('export-rule-role', 4925);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a case carried by an enterprise registered as a warehouse, not as logistics', async () => {
    const set = exportSet('R1361');
    const warehouse = DEMO_ENTERPRISES.warehouse;
    set.waybill.Logistics.logisticsCode = warehouse.customsCode;
    set.waybill.Logistics.logisticsName = warehouse.name;
    set.list.InventoryHead.logisticsCode = warehouse.customsCode;
    set.list.InventoryHead.logisticsName = warehouse.name;
    await expectRefusedByRule(stack, set, '1361', `物流企业 ${warehouse.customsCode} 未备案为 logistics`);
  });
});
