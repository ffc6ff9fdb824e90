import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LabelTables {
  countries: Record<string, string>;
  currencies: Record<string, string>;
  hsChapters: Record<string, string>;
  tradeModes: Record<string, string>;
}

/** `apps/statistics/data/labels.json`, looked up from the compiled or the source tree (and in the Docker image). */
function findLabelsFile(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'statistics', 'data', 'labels.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('apps/statistics/data/labels.json not found');
  }
}

let loaded: LabelTables | undefined;

export function labelTables(): LabelTables {
  loaded ??= JSON.parse(readFileSync(findLabelsFile(), 'utf8')) as LabelTables;
  return loaded;
}
