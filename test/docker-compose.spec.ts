import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { BaseEnv, envVariableNames, loadEnv, optionalEnvVariableNames } from '@swx/config';

const ROOT = join(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  ports?: string[];
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const apps = readdirSync(join(ROOT, 'apps'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** Each app's env class, found by convention in apps/<app>/src/<app>.env.ts. */
function envClassOf(app: string): new () => BaseEnv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(join(ROOT, 'apps', app, 'src', `${app}.env.ts`)) as Record<string, unknown>;
  const found = Object.values(module).find(
    (v): v is new () => BaseEnv => typeof v === 'function' && v.prototype instanceof BaseEnv,
  );
  if (!found) throw new Error(`apps/${app}/src/${app}.env.ts exports no env class`);
  return found;
}

describe('docker-compose.yml', () => {
  it('knows the three apps of this stage at least', () => {
    expect(apps).toEqual(expect.arrayContaining(['gateway', 'customs', 'tax']));
  });

  it('runs Kafka from the official image in KRaft mode, and PostgreSQL, both with health checks', () => {
    const kafka = compose.services.kafka;
    expect(kafka.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.healthcheck).toBeDefined();
    expect(compose.services.postgres.image).toMatch(/^postgres:\d+/);
    expect(compose.services.postgres.healthcheck).toBeDefined();
  });

  describe.each(apps)('app %s', (app) => {
    const service = compose.services[app];
    const envClass = envClassOf(app);

    it('is a service built from this repository for this app', () => {
      expect(service).toBeDefined();
      expect(service.build?.context).toBe('.');
      expect(service.build?.args?.APP).toBe(app);
    });

    it('sets every variable the app requires, and none it does not know', () => {
      const declared = envVariableNames(envClass);
      const required = declared.filter((n) => !optionalEnvVariableNames(envClass).includes(n));
      const set = Object.keys(service.environment ?? {});
      expect(required.filter((n) => !set.includes(n))).toEqual([]);
      expect(set.filter((n) => !declared.includes(n))).toEqual([]);
    });

    it('passes the app its own boot-time validation with the compose values', () => {
      const values = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]),
      );
      const env = loadEnv(envClass, values) as BaseEnv & { PORT: number };
      expect(new URL(env.DATABASE_URL).hostname).toBe('postgres');
      expect(env.KAFKA_BROKERS.split(',').every((b) => b.startsWith('kafka:'))).toBe(true);
      expect(service.ports).toContain(`${env.PORT}:${env.PORT}`);
    });

    it('starts after Kafka and PostgreSQL are healthy', () => {
      expect(service.depends_on).toEqual({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
      });
    });
  });
});
