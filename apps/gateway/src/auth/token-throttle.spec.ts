import { FORGET_AFTER_SECONDS, MAX_LOCKOUT_SECONDS, nextFailureState } from './token-throttle';

describe('token endpoint lockout schedule', () => {
  it('locks only from the threshold on, for 1 s, 2 s, 4 s … doubling', () => {
    const schedule: number[] = [];
    let failures = 0;
    for (let i = 0; i < 8; i++) {
      const next = nextFailureState(failures, 0, 5);
      failures = next.failures;
      schedule.push(next.lockSeconds);
    }
    expect(schedule).toEqual([0, 0, 0, 0, 1, 2, 4, 8]);
  });

  it('never locks for more than 15 minutes, however many failures', () => {
    expect(nextFailureState(5 + 8, 0, 5).lockSeconds).toBe(512);
    expect(nextFailureState(5 + 9, 0, 5).lockSeconds).toBe(MAX_LOCKOUT_SECONDS);
    expect(nextFailureState(1_000_000, 0, 5).lockSeconds).toBe(MAX_LOCKOUT_SECONDS);
    expect(MAX_LOCKOUT_SECONDS).toBe(900);
  });

  it('forgets the failures after a quiet period, so a lockout cannot be kept up from old failures', () => {
    expect(nextFailureState(40, FORGET_AFTER_SECONDS - 1, 5).lockSeconds).toBe(MAX_LOCKOUT_SECONDS);
    expect(nextFailureState(40, FORGET_AFTER_SECONDS, 5)).toEqual({ failures: 1, lockSeconds: 0 });
  });
});
