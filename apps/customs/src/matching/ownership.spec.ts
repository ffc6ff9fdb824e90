import { IMPORT_INVENTORY_EXAMPLE } from '@swx/contracts';

import { actsOnForeignList, listDeclarerOf, NOT_DECLARER_RULE, notDeclarerFailure } from './ownership';

const BROKER = IMPORT_INVENTORY_EXAMPLE.InventoryHead.agentCode;
const OTHER = '3301960777';

describe('customs: a list belongs to the broker that declared it', () => {
  const version = {
    messageId: 'm1',
    appType: '1',
    appTime: '20261121100000',
    document: IMPORT_INVENTORY_EXAMPLE,
  };

  it('takes the declarer from the slot, or from the list of a slot stored before declarers were kept', () => {
    expect(listDeclarerOf(undefined)).toBeUndefined();
    expect(listDeclarerOf(version)).toBe(BROKER);
    expect(listDeclarerOf({ ...version, declarer: OTHER })).toBe(OTHER);
    // A deleted list keeps its declarer: nobody else takes the order over.
    expect(listDeclarerOf({ ...version, appType: '3', document: null, declarer: BROKER })).toBe(BROKER);
  });

  it('refuses another broker, not the declarer nor an empty case', () => {
    expect(actsOnForeignList(version, OTHER)).toBe(true);
    expect(actsOnForeignList({ ...version, document: null, declarer: BROKER }, OTHER)).toBe(true);
    expect(actsOnForeignList(version, BROKER)).toBe(false);
    expect(actsOnForeignList(undefined, OTHER)).toBe(false);
  });

  it('names the rule in the refusal and nothing of the declarer', () => {
    const failure = notDeclarerFailure('撤销申请单');
    expect(failure.code).toMatch(/^-\d+$/);
    expect(failure.message).toContain(NOT_DECLARER_RULE);
    expect(failure.message).not.toContain(BROKER);
  });
});
