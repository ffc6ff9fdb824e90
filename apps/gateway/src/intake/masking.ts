/**
 * Masks personal data for callers without the personal-data scope: the first 3 and last 4 characters stay
 * (enough to recognise a record), the rest become `*`; short values are masked whole.
 */
export function maskValue(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** A copy of `document` with every value at `paths` (dot paths; arrays are walked) masked. */
export function maskPaths<T>(document: T, paths: string[]): T {
  const copy = structuredClone(document);
  for (const path of paths) maskAt(copy, path.split('.'));
  return copy;
}

function maskAt(node: unknown, parts: string[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item) => maskAt(item, parts));
    return;
  }
  const record = node as Record<string, unknown>;
  const [head, ...rest] = parts;
  if (!(head in record)) return;
  if (rest.length > 0) {
    maskAt(record[head], rest);
  } else if (typeof record[head] === 'string') {
    record[head] = maskValue(record[head] as string);
  }
}
