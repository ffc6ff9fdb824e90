import { consistentCase, failedCodes } from './case-fixture';

describe('rule 1328: order consignee name, phone, address = waybill', () => {
  it('holds for the demo set', () => {
    expect(failedCodes(consistentCase())).not.toContain('1328');
  });

  it.each(['consignee', 'consigneeTelephone', 'consigneeAddress'] as const)(
    'fails when %s differs',
    (field) => {
      const c = consistentCase();
      c.waybill.LogisticsHead[field] = `${c.waybill.LogisticsHead[field]}X`;
      expect(failedCodes(c)).toEqual(['1328']);
    },
  );
});
