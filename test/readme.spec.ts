import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BaseEnv, envVariableNames } from '@swx/config';
import { AGENCY_TOPICS, REGULATOR_AGENCIES } from '@swx/contracts';
import { SERVICES, servicesScript, serviceUrlVariable } from '@swx/testing';

const ROOT = join(__dirname, '..');

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('documents every environment variable of every service', () => {
    const names = new Set<string>();
    for (const service of SERVICES) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(join(ROOT, service.envModule)) as Record<string, unknown>;
      const envClass = module[service.envClass];
      expect(typeof envClass === 'function' && envClass.prototype instanceof BaseEnv).toBe(true);
      envVariableNames(envClass as new () => BaseEnv).forEach((n) => names.add(n));
    }
    expect(names.size).toBeGreaterThan(5);
    const missing = [...names].filter((n) => !new RegExp(`^\\|\\s*\`${n}\`\\s*\\|`, 'm').test(readme));
    expect(missing).toEqual([]);
  });

  it('shows the per-agency topic table as libs/contracts/src/agency-topics.ts grants it', () => {
    // A topic is written as its name without `.external.` and version: `forex.verification-anomaly.reported`.
    const short = (name: string) => name.replace('.external.', '.').replace(/\.v\d+$/, '');
    const expected = REGULATOR_AGENCIES.map((agency) => {
      const e = AGENCY_TOPICS[agency];
      return {
        agency,
        documents:
          e.documents === 'all' ? 'all' : e.documents.length ? [...e.documents].sort().join(' ') : '—',
        events:
          e.events === 'all'
            ? 'all'
            : e.events
                .map((t) => `\`${short(t.name)}\``)
                .sort()
                .join(' '),
      };
    });
    const rows = REGULATOR_AGENCIES.map((agency) => {
      const row = new RegExp(`^\\|\\s*\`${agency}\`\\s*\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|`, 'm').exec(readme);
      const cell = (i: number) => (row?.[i] ?? '').trim();
      return {
        agency,
        documents: cell(2) === 'all' || cell(2) === '—' ? cell(2) : cell(2).split(/\s+/).sort().join(' '),
        events: cell(3).startsWith('all') ? 'all' : cell(3).split(/\s+/).sort().join(' '),
      };
    });
    expect(rows).toEqual(expected);
  });

  it('states the two commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('names only npm scripts that exist', () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
        .scripts,
    );
    const named = [...readme.matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(5);
    expect([...new Set(named)].filter((n) => !scripts.includes(n))).toEqual([]);
  });

  describe('"Adding a service"', () => {
    const section = /^## Adding a service\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

    it('is a section of its own', () => {
      expect(section.length).toBeGreaterThan(500);
    });

    it('shows an entry that services.json would accept, with every key an entry has', () => {
      const [entry] = servicesScript.parseServices({ services: [JSON.parse(example)] }, 'README');
      expect(entry.name).toMatch(/\w/);
    });

    it('names every file a service folder must hold, as the services test checks them', () => {
      const missing = servicesScript.SOURCE_FILES.map((f) => `apps/<name>/${f}`).filter(
        (f) => !section.includes(`\`${f}\``),
      );
      expect(missing).toEqual([]);
    });

    it("shows the example's variables under the names the launchers derive from its entry", () => {
      const [entry] = servicesScript.parseServices({ services: [JSON.parse(example)] }, 'README');
      expect(section).toContain(`\`${serviceUrlVariable(entry.name)}: http://${entry.name}:${entry.port}\``);
      expect(section).toContain(`\`${servicesScript.portVariable(entry.name)}\``);
      expect(section).toContain(`\`APP: ${entry.name}\``);
      expect(section).toContain(`\`${entry.envClass} extends HttpServiceEnv\``);
      expect(section).toContain(`kill-${entry.name}`);
    });

    it('names the list, the sync command, docker-compose.yml and the tests that hold it true', () => {
      for (const thing of [
        '`services.json`',
        '`npm run services:sync`',
        '`docker-compose.yml`',
        '`test/services.spec.ts`',
        '`test/docker-compose.spec.ts`',
        '`test/readme.spec.ts`',
      ]) {
        expect(section).toContain(thing);
      }
    });
  });
});
