import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { BaseEnv, envVariableNames, loadEnv, optionalEnvVariableNames } from '@swx/config';
import { type ListedService, SERVICES, serviceUrlVariable } from '@swx/testing';

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
/** A service's env class, as services.json names it. */
function envClassOf(service: ListedService): new () => BaseEnv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(join(ROOT, service.envModule)) as Record<string, unknown>;
  const found = module[service.envClass];
  if (typeof found !== 'function' || !(found.prototype instanceof BaseEnv))
    throw new Error(`${service.envModule} exports no env class ${service.envClass}`);
  return found as new () => BaseEnv;
}

describe('docker-compose.yml', () => {
  it('runs one container per service of services.json, and no other app', () => {
    const built = Object.entries(compose.services)
      .filter(([, s]) => s.build)
      .map(([name]) => name);
    expect(built.sort()).toEqual(SERVICES.map((s) => s.name).sort());
  });

  it('runs Kafka from the official image in KRaft mode, and PostgreSQL, both with health checks', () => {
    const kafka = compose.services.kafka;
    expect(kafka.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.healthcheck).toBeDefined();
    expect(compose.services.postgres.image).toMatch(/^postgres:\d+/);
    expect(compose.services.postgres.healthcheck).toBeDefined();
  });

  describe.each(SERVICES.map((s) => [s.name, s] as const))('app %s', (app, listed) => {
    const service = compose.services[app];
    const envClass = envClassOf(listed);

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
      expect(env.PORT).toBe(listed.port);
      expect(service.ports).toContain(`${env.PORT}:${env.PORT}`);
    });

    it('reaches other services (<NAME>_SERVICE_URL) at their container and listed port', () => {
      const wrong = Object.entries(service.environment ?? {})
        .filter(([variable]) => variable.endsWith('_SERVICE_URL'))
        .filter(([variable, url]) => {
          const target = SERVICES.find((s) => serviceUrlVariable(s.name) === variable);
          return !target || url !== `http://${target.name}:${target.port}`;
        });
      expect(wrong).toEqual([]);
    });

    it('starts after Kafka and PostgreSQL are healthy', () => {
      expect(service.depends_on).toEqual({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
      });
    });
  });
});
