import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BaseEnv, envVariableNames } from '@swx/config';

const ROOT = join(__dirname, '..');

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('documents every environment variable of every app', () => {
    const names = new Set<string>();
    for (const app of readdirSync(join(ROOT, 'apps'))) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(join(ROOT, 'apps', app, 'src', `${app}.env.ts`)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if (typeof value === 'function' && value.prototype instanceof BaseEnv) {
          envVariableNames(value as new () => BaseEnv).forEach((n) => names.add(n));
        }
      }
    }
    expect(names.size).toBeGreaterThan(5);
    const missing = [...names].filter((n) => !new RegExp(`^\\|\\s*\`${n}\`\\s*\\|`, 'm').test(readme));
    expect(missing).toEqual([]);
  });

  it('states the two commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });
});
