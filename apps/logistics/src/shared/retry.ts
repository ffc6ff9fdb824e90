/** PostgreSQL errors a transaction may meet under concurrency and that a retry resolves. */
const RETRYABLE = new Set([
  '40P01', // deadlock detected
  '40001', // serialization failure
  '23505', // unique violation: a concurrent request inserted the same key first; the retry sees it
]);

/** Runs `work` (one transaction) again, a few times, when PostgreSQL broke it for a concurrency reason. */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const e = err as { code?: string; driverError?: { code?: string } };
      const code = e.driverError?.code ?? e.code ?? '';
      if (attempt >= attempts || !RETRYABLE.has(code)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.floor(Math.random() * 20)));
    }
  }
}
