import { type ExportStack, exportSet, expectRefusedByRule, startExportStack } from './customs-export-support';

describe('customs export rule 1351: the waybill of the list is the waybill', () => {
  let stack: ExportStack;
  beforeAll(async () => {
    stack = await startExportStack('export-rule-waybill', 4920);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a list whose freight and gross weight differ from the waybill it names', async () => {
    const set = exportSet('R1351');
    set.waybill.Logistics.freight = '40.00';
    set.waybill.Logistics.grossWeight = '3.50';
    await expectRefusedByRule(stack, set, '1351', '清单与运单 freight,grossWeight 不一致');
  });
});
