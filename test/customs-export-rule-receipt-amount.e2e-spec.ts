import { type ExportStack, exportSet, expectRefusedByRule, startExportStack } from './customs-export-support';

describe('customs export rule 1341: the receipt of payment is the amount of the order', () => {
  let stack: ExportStack;
  beforeAll(async () => {
    stack = await startExportStack('export-rule-receipt', 4915);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a case whose receipt of payment is less than goods value + freight', async () => {
    const set = exportSet('R1341');
    set.receipt.Receipts.charge = '607.00';
    await expectRefusedByRule(stack, set, '1341', '收款金额 607.00 ≠ 订单商品金额+运杂费 642.00');
  });
});
