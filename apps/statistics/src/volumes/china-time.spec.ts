import { addDays, chinaDay, monthBounds } from './china-time';

describe('China time', () => {
  it('buckets instants by the China (UTC+8) day, whatever the offset written', () => {
    expect(chinaDay('2026-11-30T15:59:59Z')).toBe('2026-11-30');
    expect(chinaDay('2026-11-30T16:00:00Z')).toBe('2026-12-01');
    expect(chinaDay('2026-12-01T00:30:00+08:00')).toBe('2026-12-01');
    expect(chinaDay('2026-12-31T23:59:59-05:00')).toBe('2027-01-01');
    expect(() => chinaDay('not a time')).toThrow();
  });

  it('adds days across months and years, and bounds months (leap years too)', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(monthBounds('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
