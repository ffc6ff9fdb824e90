const MAX_DELAY_MS = 24 * 60 * 60 * 1000;

/**
 * Delay before the next attempt after `attempt` (1-based) failed: `baseMs × 2^(attempt−1)`, plus up to 10 % of
 * jitter so that deliveries that failed together do not come back together. Never shorter than the exponential
 * step, capped at a day.
 */
export function webhookRetryDelayMs(
  attempt: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const step = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(MAX_DELAY_MS, Math.round(step * (1 + 0.1 * random())));
}
