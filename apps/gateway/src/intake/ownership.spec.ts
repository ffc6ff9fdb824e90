import { IMPORT_INVENTORY_CANCEL_EXAMPLE, IMPORT_REFUND_EXAMPLE } from '@swx/contracts';

import { actOnForeign, alreadyDeclaredMessage, changeOfForeign, NOT_DECLARER, TARGET_OF } from './ownership';

const A = '3301960003';
const B = '3301960777';
const MESSAGE = '0b7f2c1e-8a55-4f0e-9d55-3c1b1f8a9e01';

describe('documents belong to whoever declared them (issue 11.1)', () => {
  it('refuses a change or deletion of another party’s document, naming the rule and nothing of the other', () => {
    for (const appType of ['2', '3']) {
      const v = changeOfForeign({ declarer_code: A }, B, appType, '[1].InventoryHead', 'SELLER:ORD1');
      expect(v).toMatchObject({ path: '[1].InventoryHead.appType', rule: NOT_DECLARER });
      expect(v!.message).not.toContain(A);
    }
    expect(changeOfForeign({ declarer_code: A }, A, '2', 'InventoryHead', 'x')).toBeUndefined();
    expect(changeOfForeign({ declarer_code: A }, B, '1', 'InventoryHead', 'x')).toBeUndefined();
    expect(changeOfForeign(undefined, B, '2', 'InventoryHead', 'x')).toBeUndefined();
    expect(changeOfForeign({ declarer_code: null }, B, '2', 'InventoryHead', 'x')).toBeUndefined();
  });

  it('finds the list a cancel or a return acts on, and refuses one declared by another broker', () => {
    const cancel = IMPORT_INVENTORY_CANCEL_EXAMPLE.InvtCancel;
    const target = TARGET_OF.CEB623!(IMPORT_INVENTORY_CANCEL_EXAMPLE);
    expect(target).toEqual({ messageType: 'CEB621', identity: `${cancel.ebcCode}:${cancel.orderNo}` });
    const refund = IMPORT_REFUND_EXAMPLE.InvtRefundHead;
    expect(TARGET_OF.CEB625!(IMPORT_REFUND_EXAMPLE).identity).toBe(`${refund.ebcCode}:${refund.orderNo}`);
    const v = actOnForeign('CEB623', target, { declarer_code: A }, B, 'InvtCancel');
    expect(v).toMatchObject({ path: 'InvtCancel', rule: NOT_DECLARER });
    expect(v!.message).not.toContain(A);
    expect(actOnForeign('CEB623', target, { declarer_code: A }, A, 'InvtCancel')).toBeUndefined();
    expect(actOnForeign('CEB623', target, undefined, B, 'InvtCancel')).toBeUndefined();
  });

  it('shows the message id of an earlier declaration only to its own declarer', () => {
    const stored = { declarer_code: A, message_id: MESSAGE };
    expect(alreadyDeclaredMessage(stored, A, 'S:O')).toContain(MESSAGE);
    const foreign = alreadyDeclaredMessage(stored, B, 'S:O');
    expect(foreign).not.toContain(MESSAGE);
    expect(foreign).not.toContain(A);
  });
});
