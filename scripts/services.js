#!/usr/bin/env node
'use strict';
/*
 * The list of services (services.json at the repository root), read and checked for the scripts, the test and
 * bench launchers (libs/testing/src/services.ts) and the unit tests. Node built-ins only: the scripts read it
 * before anything is compiled.
 *
 * An entry names the service, its HTTP port, its PostgreSQL schema and its env class; the rest follows from the
 * name by convention (apps/<name>/src/main.ts, migrate.ts, <name>.definition.ts, <name>.env.ts), which
 * test/services.spec.ts checks.
 *
 *   node scripts/services.js list    the services, their ports and schemas
 *   node scripts/services.js sync    write nest-cli.json's application projects from the list (npm run services:sync)
 *   node scripts/services.js check   exit 1 when nest-cli.json is not what `sync` would write
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const LIST_FILE = path.join(ROOT, 'services.json');
const NEST_CLI_FILE = path.join(ROOT, 'nest-cli.json');

const ENTRY_KEYS = ['name', 'port', 'schema', 'envClass'];
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SCHEMA = /^[a-z][a-z0-9_]*$/;
const ENV_CLASS = /^[A-Z][A-Za-z0-9]*Env$/;

/** The files every service folder holds, relative to apps/<name>/ (`<name>` stands for the service's name). */
const SOURCE_FILES = ['src/main.ts', 'src/migrate.ts', 'src/<name>.definition.ts', 'src/<name>.env.ts'];

/** `forex` → `FOREX`, `market-supervision` → `MARKET_SUPERVISION`: the prefix of the service's launcher variables. */
const envPrefix = (name) => name.toUpperCase().replace(/-/g, '_');

/** The variable through which other services reach this one (e.g. the gateway's TAX_SERVICE_URL). */
const serviceUrlVariable = (name) => `${envPrefix(name)}_SERVICE_URL`;

/** The variable that moves this service to another port under `npm start` (e.g. CUSTOMS_PORT). */
const portVariable = (name) => `${envPrefix(name)}_PORT`;

/** Repository-relative paths of one service's files (TypeScript sources; `compiled` maps them into a build). */
function describe(entry) {
  const src = `apps/${entry.name}/src`;
  return Object.freeze({
    ...entry,
    dir: `apps/${entry.name}`,
    main: `${src}/main.ts`,
    migrate: `${src}/migrate.ts`,
    definitionModule: `${src}/${entry.name}.definition.ts`,
    envModule: `${src}/${entry.name}.env.ts`,
    sourceFiles: SOURCE_FILES.map((f) => `apps/${entry.name}/${f.replace('<name>', entry.name)}`),
  });
}

/** Parses and checks the list: known keys only, well-formed values, names, ports and schemas each unique. */
function parseServices(json, source = 'services.json') {
  const fail = (msg) => {
    throw new Error(`${source}: ${msg}`);
  };
  const list = json && typeof json === 'object' ? json.services : undefined;
  if (!Array.isArray(list) || list.length === 0) fail('"services" must be a non-empty array');
  const seen = { name: new Map(), port: new Map(), schema: new Map() };
  return Object.freeze(
    list.map((entry, i) => {
      const at = `services[${i}]`;
      if (!entry || typeof entry !== 'object' || Array.isArray(entry)) fail(`${at} must be an object`);
      const unknown = Object.keys(entry).filter((k) => !ENTRY_KEYS.includes(k));
      if (unknown.length)
        fail(`${at} has unknown keys ${unknown.join(', ')} (known: ${ENTRY_KEYS.join(', ')})`);
      const missing = ENTRY_KEYS.filter((k) => entry[k] === undefined);
      if (missing.length) fail(`${at} lacks ${missing.join(', ')}`);
      const { name, port, schema, envClass } = entry;
      if (typeof name !== 'string' || !NAME.test(name))
        fail(
          `${at}.name must be lower-case letters and digits, words joined by "-": ${JSON.stringify(name)}`,
        );
      if (!Number.isInteger(port) || port < 1024 || port > 65535)
        fail(`${at}.port must be an integer from 1024 to 65535: ${JSON.stringify(port)}`);
      if (typeof schema !== 'string' || !SCHEMA.test(schema))
        fail(`${at}.schema must be a lower-case PostgreSQL identifier: ${JSON.stringify(schema)}`);
      if (typeof envClass !== 'string' || !ENV_CLASS.test(envClass))
        fail(`${at}.envClass must be a class name ending in Env: ${JSON.stringify(envClass)}`);
      for (const key of ['name', 'port', 'schema']) {
        const other = seen[key].get(entry[key]);
        if (other !== undefined)
          fail(`${at}.${key} ${JSON.stringify(entry[key])} is also services[${other}]'s`);
        seen[key].set(entry[key], i);
      }
      return describe({ name, port, schema, envClass });
    }),
  );
}

/** The services of services.json, in their order (the first is the gateway, the platform's one access point). */
function readServices(file = LIST_FILE) {
  return parseServices(JSON.parse(fs.readFileSync(file, 'utf8')), path.relative(ROOT, file) || file);
}

/** One service by name, or an error naming the listed ones. */
function findService(name, services = readServices()) {
  const found = services.find((s) => s.name === name);
  if (!found)
    throw new Error(
      `unknown service "${name}"; listed in services.json: ${services.map((s) => s.name).join(', ')}`,
    );
  return found;
}

/** A source path of `describe` in a compiled build: `apps/tax/src/main.ts` → `<distDir>/apps/tax/src/main.js`. */
const compiled = (distDir, sourcePath) => path.join(distDir, sourcePath.replace(/\.ts$/, '.js'));

/**
 * Names of the variables a service's env class declares, read from a compiled build (the launcher hands each
 * service only the secrets and service URLs it declares).
 */
function declaredVariables(service, distDir) {
  const { envVariableNames } = require(path.join(distDir, 'libs', 'config', 'src', 'index.js'));
  const envClass = require(compiled(distDir, service.envModule))[service.envClass];
  if (typeof envClass !== 'function')
    throw new Error(`${service.envModule} exports no ${service.envClass} (services.json names it)`);
  return envVariableNames(envClass);
}

/** nest-cli.json with one application project per listed service (first = default project); libraries kept. */
function nestCliConfig(services, current) {
  const [first] = services;
  const apps = Object.fromEntries(
    services.map((s) => [
      s.name,
      { type: 'application', root: s.dir, entryFile: 'main', sourceRoot: `${s.dir}/src` },
    ]),
  );
  const libraries = Object.fromEntries(
    Object.entries(current.projects ?? {}).filter(([, p]) => p.type !== 'application'),
  );
  return { ...current, root: first.dir, sourceRoot: `${first.dir}/src`, projects: { ...apps, ...libraries } };
}

const nestCliText = (config) => `${JSON.stringify(config, null, 2)}\n`;

function main(command) {
  const services = readServices();
  if (command === 'list') {
    for (const s of services)
      process.stdout.write(`${s.name.padEnd(12)} port ${s.port}  schema ${s.schema}\n`);
    return 0;
  }
  if (command === 'sync' || command === 'check') {
    const current = fs.readFileSync(NEST_CLI_FILE, 'utf8');
    const wanted = nestCliText(nestCliConfig(services, JSON.parse(current)));
    if (current === wanted) {
      process.stdout.write('nest-cli.json matches services.json\n');
      return 0;
    }
    if (command === 'check') {
      process.stderr.write('nest-cli.json does not match services.json: run npm run services:sync\n');
      return 1;
    }
    fs.writeFileSync(NEST_CLI_FILE, wanted);
    process.stdout.write(`nest-cli.json: application projects ${services.map((s) => s.name).join(', ')}\n`);
    return 0;
  }
  process.stderr.write('usage: node scripts/services.js list|sync|check\n');
  return 2;
}

module.exports = {
  ROOT,
  LIST_FILE,
  SOURCE_FILES,
  parseServices,
  readServices,
  findService,
  compiled,
  declaredVariables,
  envPrefix,
  serviceUrlVariable,
  portVariable,
  nestCliConfig,
  nestCliText,
};

if (require.main === module) process.exit(main(process.argv[2]));
