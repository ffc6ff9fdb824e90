import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { BaseEnv, envVariableNames, loadEnv, optionalEnvVariableNames } from '@swx/config';
import { KAFKA_TOKEN } from '@swx/contracts';
import { type ListedService, SERVICES, serviceUrlVariable } from '@swx/testing';

const ROOT = join(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  ports?: string[];
  expose?: string[];
}

type ComposeFile = { services: Record<string, ComposeService> };
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
/** The documented override for a local try-out: `-f docker-compose.yml -f docker-compose.local.yml`. */
const local = parse(readFileSync(join(ROOT, 'docker-compose.local.yml'), 'utf8'), {
  merge: true,
}) as ComposeFile;
/** The container port a `ports` entry publishes (`[ip:]host:container`). */
const containerPort = (entry: string): string => entry.split(':').at(-1)!;
/** The only app whose port is public: the single access point. */
const PUBLIC_APP = 'gateway';
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

  it('is fit for production: no published database or internal broker port, no default password', () => {
    // The broker publishes only the regulators' listener (next test), never the services' PLAINTEXT one.
    expect(compose.services.kafka.ports).toEqual(['9094:9094']);
    expect(compose.services.postgres.ports).toBeUndefined();
    expect(String(compose.services.postgres.environment?.POSTGRES_PASSWORD)).toMatch(
      /^\$\{POSTGRES_PASSWORD:\?/,
    );
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (/(PASSWORD|SECRET|_TOKEN|ENCRYPTION_KEY)$/.test(variable)) {
          expect([name, variable, String(value)]).toEqual([
            name,
            variable,
            expect.stringMatching(/^\$\{\w+:\?/),
          ]);
        }
      }
      const url = service.environment?.DATABASE_URL;
      if (url !== undefined)
        expect(decodeURIComponent(new URL(String(url)).password)).toBe('${POSTGRES_PASSWORD}');
    }
  });

  it('opens the broker to regulators only over SASL_SSL with gateway-signed tokens and Kafka ACLs', () => {
    const kafka = compose.services.kafka.environment ?? {};
    const protocols = Object.fromEntries(
      String(kafka.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP)
        .split(',')
        .map((pair) => pair.split(':')),
    );
    expect(protocols.EXTERNAL).toBe('SASL_SSL');
    expect(String(kafka.KAFKA_LISTENERS)).toContain('EXTERNAL://:9094');
    expect(kafka.KAFKA_LISTENER_NAME_EXTERNAL_SASL_ENABLED_MECHANISMS).toBe('OAUTHBEARER');
    expect(kafka.KAFKA_LISTENER_NAME_EXTERNAL_OAUTHBEARER_SASL_SERVER_CALLBACK_HANDLER_CLASS).toBe(
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
    );
    expect(
      Number(kafka.KAFKA_LISTENER_NAME_EXTERNAL_OAUTHBEARER_CONNECTIONS_MAX_REAUTH_MS),
    ).toBeLessThanOrEqual(60_000);
    expect(kafka.KAFKA_SASL_OAUTHBEARER_EXPECTED_AUDIENCE).toBe(KAFKA_TOKEN.audience);
    expect(String(kafka.KAFKA_OPTS)).toContain(
      `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${String(kafka.KAFKA_SASL_OAUTHBEARER_JWKS_ENDPOINT_URL)}`,
    );
    expect(kafka.KAFKA_AUTHORIZER_CLASS_NAME).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(kafka.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND).toBe('false');
    // The gateway signs with the key whose JWKS the broker reads, and tells regulators where to connect.
    const gateway = compose.services[PUBLIC_APP].environment ?? {};
    expect(gateway.KAFKA_TOKEN_SIGNING_KEY).toBeDefined();
    expect(String(gateway.KAFKA_SUBSCRIBER_BROKERS)).toMatch(/:9094$/);
  });

  it('keeps the Swagger console and /metrics off the public port in production', () => {
    const gateway = compose.services[PUBLIC_APP].environment ?? {};
    expect(gateway.NODE_ENV).toBe('production');
    expect(gateway.SWAGGER_ENABLED).toBe('false');
    for (const listed of SERVICES) {
      const env = compose.services[listed.name].environment ?? {};
      expect(env.METRICS_PORT).toBeDefined();
      expect((compose.services[listed.name].ports ?? []).map(containerPort)).not.toContain(
        String(env.METRICS_PORT),
      );
    }
  });

  it('has a local override that only publishes ports on loopback and turns the console on', () => {
    expect(Object.keys(local.services).every((name) => name in compose.services)).toBe(true);
    expect(local.services.kafka.ports).toEqual(['127.0.0.1:9092:9092']);
    expect(local.services.postgres.ports).toEqual(['127.0.0.1:5432:5432']);
    expect(local.services[PUBLIC_APP].environment?.SWAGGER_ENABLED).toBe('true');
    for (const service of Object.values(local.services)) {
      expect(Object.keys(service).filter((k) => k !== 'ports' && k !== 'environment')).toEqual([]);
      for (const entry of service.ports ?? []) expect(entry).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
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
      if (app === PUBLIC_APP) {
        expect(service.ports).toEqual([`${env.PORT}:${env.PORT}`]);
      } else {
        // Internal apps: reachable on the compose network only; published on loopback by the local override.
        expect(service.ports).toBeUndefined();
        expect(service.expose).toEqual([String(env.PORT)]);
        expect(local.services[app]?.ports).toContain(`127.0.0.1:${env.PORT}:${env.PORT}`);
      }
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
