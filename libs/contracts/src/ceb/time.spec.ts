import { cebReturnTime } from './time';

describe('cebReturnTime', () => {
  it('formats in China Standard Time with milliseconds', () => {
    expect(cebReturnTime(new Date('2026-11-21T16:05:09.042Z'))).toBe('20261122000509042');
  });
});
