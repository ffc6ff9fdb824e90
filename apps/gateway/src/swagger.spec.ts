import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The console shows every tag as a section with its description: none may be used without one. */
describe('console tags', () => {
  it('declares every tag an operation uses, with a description (docs/openapi.json)', () => {
    const doc = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8')) as {
      tags?: { name: string; description?: string }[];
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description ?? '']));
    const used = new Set(
      Object.values(doc.paths).flatMap((p) => Object.values(p).flatMap((op) => op.tags ?? [])),
    );
    expect([...used].filter((t) => !declared.get(t))).toEqual([]);
  });
});
