import { webhookRetryDelayMs } from './backoff';

describe('webhookRetryDelayMs', () => {
  it('doubles from the base at each attempt', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5].map((a) => webhookRetryDelayMs(a, 1000, noJitter))).toEqual([
      1000, 2000, 4000, 8000, 16000,
    ]);
  });

  it('adds at most 10 % of jitter, never less than the exponential step', () => {
    expect(webhookRetryDelayMs(3, 1000, () => 0.999999)).toBe(4400);
    for (let i = 0; i < 200; i++) {
      const delay = webhookRetryDelayMs(2, 500);
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(1100);
    }
  });

  it('is capped at a day', () => {
    expect(webhookRetryDelayMs(50, 3_600_000, () => 0)).toBe(86_400_000);
  });
});
