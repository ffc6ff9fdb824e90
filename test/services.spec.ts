import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { BaseEnv } from '@swx/config';
import { SERVICES as MESSAGE_PRODUCERS } from '@swx/contracts';
import type { ServiceDefinition } from '@swx/platform';
import { type NestCliConfig, SERVICES, ServiceProcess, servicesScript } from '@swx/testing';

import { listedServices } from '../bench/lib/platform';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

const camelCase = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The entry the README shows, in a list of its own. */
const entry = (over: Record<string, unknown> = {}) => ({
  name: 'forex',
  port: 3003,
  schema: 'forex',
  envClass: 'ForexEnv',
  ...over,
});
const parse = (...entries: unknown[]) => servicesScript.parseServices({ services: entries }, 'test');

describe('services.json', () => {
  it('lists every folder under apps/, and only those', () => {
    const folders = readdirSync(join(ROOT, 'apps'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(SERVICES.map((s) => s.name).sort()).toEqual(folders);
    expect(SERVICES.map((s) => s.name)).toEqual(expect.arrayContaining(['gateway', 'customs', 'tax']));
  });

  it('names each service once, with a port and a schema of its own', () => {
    for (const key of ['name', 'port', 'schema'] as const) {
      expect(new Set(SERVICES.map((s) => s[key])).size).toBe(SERVICES.length);
    }
  });

  it('starts with the gateway, the one access point', () => {
    expect(SERVICES[0].name).toBe('gateway');
  });

  describe.each(SERVICES.map((s) => [s.name, s] as const))('%s', (name, service) => {
    it('has its folder: main.ts, migrate.ts, the definition and the env class', () => {
      expect(service.sourceFiles).toEqual([
        `apps/${name}/src/main.ts`,
        `apps/${name}/src/migrate.ts`,
        `apps/${name}/src/${name}.definition.ts`,
        `apps/${name}/src/${name}.env.ts`,
      ]);
      expect(service.sourceFiles.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
    });

    it('names the env class its env module exports, whose default PORT is the listed port', () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(join(ROOT, service.envModule)) as Record<string, unknown>;
      const envClass = module[service.envClass] as (new () => BaseEnv & { PORT: number }) | undefined;
      expect(typeof envClass).toBe('function');
      if (!envClass) return;
      expect(envClass.prototype).toBeInstanceOf(BaseEnv);
      expect(new envClass().PORT).toBe(service.port);
    });

    it('is the service its definition declares, on the listed schema, a known message producer', () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const envModule = require(join(ROOT, service.envModule)) as Record<string, new () => BaseEnv>;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(join(ROOT, service.definitionModule)) as Record<
        string,
        ((env: BaseEnv) => ServiceDefinition<BaseEnv>) | undefined
      >;
      const define = module[`${camelCase(name)}Definition`];
      expect(typeof define).toBe('function');
      if (!define) return;
      const definition = define(new envModule[service.envClass]());
      expect(definition.service).toBe(name);
      expect((definition.dataSource as { schema?: string }).schema).toBe(service.schema);
      expect(MESSAGE_PRODUCERS).toContain(name);
    });
  });

  describe('its reader (scripts/services.js)', () => {
    it('accepts a well-formed entry and derives the paths from the name', () => {
      const [forex] = parse(entry());
      expect(forex).toMatchObject({
        ...entry(),
        dir: 'apps/forex',
        main: 'apps/forex/src/main.ts',
        migrate: 'apps/forex/src/migrate.ts',
        definitionModule: 'apps/forex/src/forex.definition.ts',
        envModule: 'apps/forex/src/forex.env.ts',
      });
      expect(servicesScript.compiled('/b', forex.main)).toBe('/b/apps/forex/src/main.js');
      expect(servicesScript.serviceUrlVariable('market-supervision')).toBe('MARKET_SUPERVISION_SERVICE_URL');
      expect(servicesScript.portVariable('forex')).toBe('FOREX_PORT');
    });

    it.each([
      ['a second service on the same port', [entry(), entry({ name: 'risk', schema: 'risk' })], /port 3003/],
      [
        'a second service on the same schema',
        [entry(), entry({ name: 'risk', port: 3004 })],
        /schema "forex"/,
      ],
      ['the same name twice', [entry(), entry({ port: 3004, schema: 'risk' })], /name "forex"/],
      ['an unknown key (a typo)', [entry({ prot: 3003 })], /unknown keys prot/],
      ['a missing key', [{ name: 'forex', port: 3003, schema: 'forex' }], /lacks envClass/],
      ['a name that is no folder name', [entry({ name: 'Forex' })], /name must be/],
      ['a port that is no port', [entry({ port: '3003' })], /port must be/],
      ['a schema that is no identifier', [entry({ schema: 'fx;drop' })], /schema must be/],
      ['an env class that is no class name', [entry({ envClass: 'forex' })], /envClass must be/],
    ])('refuses %s', (_, entries, message) => {
      expect(() => parse(...entries)).toThrow(message);
    });

    it('refuses an empty list', () => {
      expect(() => servicesScript.parseServices({ services: [] })).toThrow(/non-empty/);
    });

    it('finds a listed service by name and names the listed ones for any other', () => {
      expect(servicesScript.findService('tax', SERVICES).port).toBe(
        SERVICES.find((s) => s.name === 'tax')?.port,
      );
      expect(() => servicesScript.findService('taxes', SERVICES)).toThrow(/gateway, customs, tax/);
    });
  });
});

describe('derived from services.json', () => {
  const nestCli = JSON.parse(read('nest-cli.json')) as NestCliConfig;

  it('nest-cli.json: one application project per service, as `npm run services:sync` writes it', () => {
    const apps = Object.entries(nestCli.projects ?? {}).filter(([, p]) => p.type === 'application');
    expect(apps.map(([name]) => name)).toEqual(SERVICES.map((s) => s.name));
    expect(read('nest-cli.json')).toBe(
      servicesScript.nestCliText(servicesScript.nestCliConfig(SERVICES, nestCli)),
    );
  });

  it('nest-cli.json after a new entry: its project added, the libraries kept', () => {
    const added = [...SERVICES, ...parse(entry({ port: 3999, schema: 'forex_test', name: 'forex-test' }))];
    const config = servicesScript.nestCliConfig(added, nestCli);
    expect(config.projects?.['forex-test']).toEqual({
      type: 'application',
      root: 'apps/forex-test',
      entryFile: 'main',
      sourceRoot: 'apps/forex-test/src',
    });
    const libraries = (c: NestCliConfig) =>
      Object.entries(c.projects ?? {}).filter(([, p]) => p.type === 'library');
    expect(libraries(config)).toEqual(libraries(nestCli));
    expect(config.root).toBe('apps/gateway');
  });

  it('npm scripts: none starts or migrates one service by path; migrate and start:service read the list', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const perService = Object.entries(scripts).filter(([, cmd]) =>
      /apps\/[^/]+\/src\/(main|migrate)\.js/.test(cmd),
    );
    expect(perService).toEqual([]);
    expect(scripts.migrate).toMatch(/scripts\/migrate\.js$/);
    expect(scripts['start:service']).toMatch(/scripts\/start-service\.js$/);
    expect(scripts['services:sync']).toBe('node scripts/services.js sync');
  });

  it('the test launcher refuses a service that is not listed', () => {
    expect(() => ServiceProcess.spawn('taxes', { PORT: '1' })).toThrow(/unknown service "taxes"/);
  });

  it('the benchmark runs every service on ports of its own, in the order of the list', () => {
    const services = listedServices(5600, { databaseUrl: 'postgres://x@127.0.0.1/x', logDir: '/tmp' });
    expect(Object.keys(services)).toEqual(SERVICES.map((s) => s.name));
    expect(Object.values(services).map((s) => s.port)).toEqual(SERVICES.map((_, i) => 5600 + i));
  });
});
