import { consistentCase, failedCodes } from './case-fixture';

describe('rule 13127: list buyer = order buyer', () => {
  it('holds for the demo set', () => {
    expect(failedCodes(consistentCase())).not.toContain('13127');
  });

  it.each(['buyerName', 'buyerIdNumber', 'buyerTelephone'] as const)(
    'fails when the list %s differs',
    (field) => {
      const c = consistentCase();
      c.list.InventoryHead[field] = `${c.list.InventoryHead[field]}9`;
      expect(failedCodes(c)).toEqual(['13127']);
    },
  );
});
