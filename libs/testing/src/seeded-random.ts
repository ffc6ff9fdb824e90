/**
 * A small seeded PRNG (mulberry32) for generated test cases: the same seed gives the same cases, so a failing
 * generated run is replayed from its printed seed. Returns numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Items as they may reach a consumer: each once, a share of them (`duplicateRate`) two or three times, all
 * shuffled, in batches of 1 to `maxBatch`. Deterministic for a seeded `random`.
 */
export function redeliveries<T extends object>(
  items: T[],
  random: () => number,
  { duplicateRate, maxBatch }: { duplicateRate: number; maxBatch: number },
): T[][] {
  const copies = items.flatMap((item) =>
    random() < duplicateRate ? [item, { ...item }, ...(random() < 0.3 ? [{ ...item }] : [])] : [item],
  );
  for (let i = copies.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copies[i], copies[j]] = [copies[j], copies[i]];
  }
  const batches: T[][] = [];
  for (let i = 0; i < copies.length;) {
    const size = 1 + Math.floor(random() * maxBatch);
    batches.push(copies.slice(i, i + size));
    i += size;
  }
  return batches;
}
