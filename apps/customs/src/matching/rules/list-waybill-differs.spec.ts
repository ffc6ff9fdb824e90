import { consistentCase, failedCodes } from './case-fixture';

describe('rule 1329: list logisticsCode + logisticsNo = the waybill', () => {
  it('holds for the demo set', () => {
    expect(failedCodes(consistentCase())).not.toContain('1329');
  });

  it('fails when the list names another waybill number', () => {
    const c = consistentCase();
    c.list.InventoryHead.logisticsNo = 'LN-OTHER';
    expect(failedCodes(c)).toEqual(['1329']);
  });
});
