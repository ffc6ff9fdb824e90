/**
 * The media type of `offered` the `Accept` header prefers (highest q, then the header's order, then the order
 * offered); undefined when none is acceptable. No header, or `*\/*`, picks the first offered.
 */
export function negotiate<T extends string>(
  accept: string | undefined,
  offered: readonly T[],
): T | undefined {
  if (!accept?.trim()) return offered[0];
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [range, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { range: range.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.range && r.quality > 0);
  let best: { type: T; quality: number; index: number; order: number } | undefined;
  offered.forEach((type, order) => {
    const [main] = type.split('/');
    const match = ranges
      .filter((r) => r.range === type || r.range === `${main}/*` || r.range === '*/*')
      // The most specific range decides a type's quality (RFC 9110 12.5.1).
      .sort((a, b) => specificity(b.range) - specificity(a.range))[0];
    if (!match) return;
    const candidate = { type, quality: match.quality, index: match.index, order };
    if (
      !best ||
      candidate.quality > best.quality ||
      (candidate.quality === best.quality &&
        (candidate.index < best.index || (candidate.index === best.index && candidate.order < best.order)))
    ) {
      best = candidate;
    }
  });
  return best?.type;
}

function specificity(range: string): number {
  if (range === '*/*') return 0;
  return range.endsWith('/*') ? 1 : 2;
}
