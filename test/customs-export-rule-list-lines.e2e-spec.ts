import { type ExportStack, exportSet, expectRefusedByRule, startExportStack } from './customs-export-support';

describe('customs export rule 1322: the lines of the list are the lines of the order', () => {
  let stack: ExportStack;
  beforeAll(async () => {
    stack = await startExportStack('export-rule-lines', 4910);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a list that declares another quantity than the order', async () => {
    const set = exportSet('R1322');
    set.list.InventoryList[1].qty = '5';
    set.list.InventoryList[1].qty1 = '2.00';
    set.list.InventoryList[1].totalPrice = '190.00';
    await expectRefusedByRule(stack, set, '1322', '第 2 项 qty,totalPrice 不一致');
  });
});
