#!/usr/bin/env node
'use strict';
/*
 * `npm start`: the whole platform on this machine. Installs dependencies, builds, starts the local Kafka
 * broker (unless KAFKA_BROKERS names one), then every app; each app migrates its own schema at start.
 * Prints the gateway and Swagger URLs once everything is ready; Ctrl-C stops the apps (the broker keeps
 * running for the next start: `npm run kafka:stop` stops it). JSON logs go to .run/logs/<app>.log.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { seedDemo, seedDemoPeople, pushDemoFlow } = require('./demo-seed');
const { ROOT, log, installDependencies, build } = require('./setup');

/** `local` (default) registers the demo enterprises and prints their credentials; `production` registers nothing. */
const MODE = process.env.PLATFORM_MODE || 'local';

/** Every service of services.json, on its listed port unless <NAME>_PORT (e.g. CUSTOMS_PORT) moves it. */
const services = require('./services');
const APPS = services.readServices().map((s) => ({
  ...s,
  port: Number(process.env[services.portVariable(s.name)] || s.port),
}));

/**
 * What a service may be handed besides the common variables: the local secrets and every service's URL
 * (<NAME>_SERVICE_URL, e.g. the gateway's TAX_SERVICE_URL; a value already in the environment wins). Each
 * service gets only the ones its env class declares, read from the build.
 */
function serviceEnv(app, secrets) {
  const offered = { ...secrets };
  // Local mode: XML signatures in sandbox, so the console's XML examples run (docs/ceb-signatures.md).
  if (MODE === 'local') offered.SIGNATURE_MODE = process.env.SIGNATURE_MODE || 'sandbox';
  // The local demo's webhook receivers run on this machine: let the gateway deliver to loopback (never in production).
  if (MODE === 'local')
    offered.WEBHOOK_ALLOWED_TARGETS = process.env.WEBHOOK_ALLOWED_TARGETS ?? '127.0.0.1,::1,localhost';
  // Local mode: the console hands out fresh demo sets and lists the demo clients of this file.
  if (MODE === 'local') {
    offered.DEMO_MODE = 'true';
    offered.DEMO_CREDENTIALS_FILE = path.join(ROOT, '.run', 'demo-credentials.json');
  }
  for (const other of APPS) {
    const variable = services.serviceUrlVariable(other.name);
    offered[variable] = process.env[variable] || `http://127.0.0.1:${other.port}`;
  }
  const declared = new Set(services.declaredVariables(app, path.join(ROOT, 'dist')));
  return Object.fromEntries(Object.entries(offered).filter(([name]) => declared.has(name)));
}

/**
 * The gateway's secrets (and the internal token it shares with tax) for a local run: taken from the environment when set, otherwise generated once into
 * .run/local-secrets.json (git-ignored) and reused, so stored webhook secrets stay readable across restarts.
 */
function localSecrets() {
  const file = path.join(ROOT, '.run', 'local-secrets.json');
  let stored = {};
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // first local start
  }
  const random = () => require('node:crypto').randomBytes(24).toString('base64url');
  const secrets = {
    AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET || stored.AUTH_JWT_SECRET || random(),
    OPERATOR_CLIENT_ID: process.env.OPERATOR_CLIENT_ID || stored.OPERATOR_CLIENT_ID || 'operator',
    OPERATOR_CLIENT_SECRET: process.env.OPERATOR_CLIENT_SECRET || stored.OPERATOR_CLIENT_SECRET || random(),
    SECRETS_ENCRYPTION_KEY: process.env.SECRETS_ENCRYPTION_KEY || stored.SECRETS_ENCRYPTION_KEY || random(),
    INTERNAL_API_TOKEN: process.env.INTERNAL_API_TOKEN || stored.INTERNAL_API_TOKEN || random() + random(),
    PERSON_TOKEN_KEYS:
      process.env.PERSON_TOKEN_KEYS || stored.PERSON_TOKEN_KEYS || `1:${random()}${random()}`,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function waitReady(app, child, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${app.name} exited with ${child.exitCode}; see .run/logs/${app.name}.log`);
    try {
      const res = await fetch(`http://127.0.0.1:${app.port}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${app.name} not ready after ${deadlineMs / 1000}s; see .run/logs/${app.name}.log`);
}

async function main() {
  const t0 = Date.now();
  installDependencies();
  build();
  const kafka = require('./kafka.js');
  await kafka.start();
  const brokers = kafka.brokers();
  const secrets = localSecrets();
  // Regulators' Kafka tokens: the gateway signs them with the key whose public half the broker trusts (JWKS).
  secrets.KAFKA_TOKEN_SIGNING_KEY =
    process.env.KAFKA_TOKEN_SIGNING_KEY || (await kafka.oauthKeys()).privateKeyPem;
  secrets.KAFKA_SUBSCRIBER_BROKERS = process.env.KAFKA_SUBSCRIBER_BROKERS || kafka.subscriberBrokers();

  const logDir = path.join(ROOT, '.run', 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const children = [];
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping the apps');
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map(({ child }) =>
        child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null,
      ),
    );
    process.exit(code);
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  for (const app of APPS) {
    const out = fs.openSync(path.join(logDir, `${app.name}.log`), 'a');
    const child = spawn(process.execPath, [services.compiled(path.join(ROOT, 'dist'), app.main)], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...serviceEnv(app, secrets),
        KAFKA_BROKERS: brokers,
        PORT: String(app.port),
      },
      stdio: ['ignore', out, out],
    });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log(`${app.name} stopped unexpectedly (${signal || code}); see .run/logs/${app.name}.log`);
      stopAll(1);
    });
    children.push({ app, child });
  }
  try {
    await Promise.all(children.map(({ app, child }) => waitReady(app, child, 120000)));
  } catch (e) {
    log(e.message);
    return stopAll(1);
  }
  const gateway = `http://127.0.0.1:${APPS.find((a) => a.name === 'gateway').port}`;
  let demo = [];
  let people = [];
  let demoOrders = [];
  if (MODE === 'local') {
    try {
      const operator = {
        root: ROOT,
        gatewayUrl: gateway,
        operatorId: secrets.OPERATOR_CLIENT_ID,
        operatorSecret: secrets.OPERATOR_CLIENT_SECRET,
      };
      demo = await seedDemo(operator);
      people = await seedDemoPeople(operator);
    } catch (e) {
      log(`demo set-up failed: ${e.message}`);
      return stopAll(1);
    }
    // Something for the console to show at once: one import and one export order, declared and released.
    try {
      demoOrders = await pushDemoFlow({ gatewayUrl: gateway, credentials: demo });
    } catch (e) {
      log(`demo flow not pushed (the console shows the data of earlier runs): ${e.message}`);
    }
  }
  process.stdout.write(
    [
      '',
      `Single window ready in ${((Date.now() - t0) / 1000).toFixed(1)}s (Kafka ${brokers})`,
      `  gateway  ${gateway}`,
      `  Kafka for regulators (SASL/OAUTHBEARER)  ${secrets.KAFKA_SUBSCRIBER_BROKERS}`,
      `  Swagger  ${gateway}/docs   (OpenAPI JSON: ${gateway}/docs-json)`,
      `  console  ${gateway}/console   (regulators' staff sign in as named persons; landing page: ${gateway}/)`,
      ...APPS.map((a) => `  ${a.name.padEnd(10)} http://127.0.0.1:${a.port}/health/ready   /metrics`),
      `  operator client_id=${secrets.OPERATOR_CLIENT_ID} client_secret=${secrets.OPERATOR_CLIENT_SECRET}`,
      ...(demo.length
        ? [
            '',
            'Demo clients (POST /v1/oauth/token with grant_type=client_credentials, or Authorize in Swagger):',
            ...demo.map(
              (c) => `  ${c.label.padEnd(44)} client_id=${c.clientId}  client_secret=${c.clientSecret}`,
            ),
          ]
        : []),
      ...(people.length
        ? [
            '',
            `Demo staff (sign in at ${gateway}/console; kept in .run/demo-people.json):`,
            ...people.map((p) => `  ${p.label.padEnd(44)} login=${p.login}  password=${p.password}`),
          ]
        : []),
      ...(demoOrders.length
        ? ['', `Demo flow pushed: orders ${demoOrders.join(', ')} (released within seconds; see the console)`]
        : []),
      '',
      `  logs     .run/logs/<app>.log`,
      'Ctrl-C stops the apps.',
      '',
    ].join('\n'),
  );
}

// On the supported LTS (.nvmrc): installed from the npm registry first when the machine's Node is older.
require('./runtime').onLts(() =>
  main().catch((e) => {
    log(e.stack || String(e));
    process.exit(1);
  }),
);
