#!/usr/bin/env node
'use strict';
/*
 * `npm test`: the whole suite on a fresh machine. Installs dependencies, lints (ESLint + Prettier), builds,
 * installs Debian's Chromium for the browser tests when missing (scripts/browser.js), starts the local Kafka
 * broker (fetched from Maven Central by scripts/kafka.js) unless KAFKA_BROKERS names one, then runs the unit tests and the end-to-end tests against real Kafka and PostgreSQL.
 * Extra arguments go to Jest, e.g. `npm test -- test/pipeline.e2e-spec.ts`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { ROOT, log, run, installDependencies, build } = require('./setup');

async function main() {
  const t0 = Date.now();
  installDependencies();
  run(process.execPath, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.'], 'eslint');
  run(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
      '--check',
      '.',
      '--log-level',
      'warn',
    ],
    'prettier',
  );
  build();
  // The browser tests' Chromium (Debian's package), installed before the tests start.
  const chromium = require('./browser.js').ensureChromium();

  // The tests' own broker, empty at every run: a port of its own (not the 9092 of `npm start`, whose platform and
  // demo data would be on it) unless KAFKA_PORT says otherwise, and fresh data, because the suites read the topics
  // from the beginning and expect to find only what they produce.
  if (!process.env.KAFKA_BROKERS && !process.env.KAFKA_PORT) process.env.KAFKA_PORT = '19492';
  const kafka = require('./kafka.js');
  const started = await kafka.start({ fresh: !process.env.KAFKA_BROKERS });
  const env = { ...process.env, KAFKA_BROKERS: kafka.brokers(), CHROMIUM_PATH: chromium };
  const results = path.join(ROOT, '.run', 'jest-results.json');
  fs.mkdirSync(path.dirname(results), { recursive: true });
  fs.rmSync(results, { force: true });

  const jest = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--runInBand',
      '--json',
      `--outputFile=${results}`,
      ...process.argv.slice(2),
    ],
    { cwd: ROOT, stdio: 'inherit', env },
  );

  // Leave the machine as we found it: the next run starts an empty broker anyway.
  if (started && !started.external) await kafka.stop();
  if (fs.existsSync(results)) {
    const r = JSON.parse(fs.readFileSync(results, 'utf8'));
    process.stdout.write(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed\n`);
  }
  log(`npm test finished in ${((Date.now() - t0) / 1000).toFixed(0)}s with exit ${jest.status}`);
  process.exit(jest.status ?? 1);
}

// On the supported LTS (.nvmrc): installed from the npm registry first when the machine's Node is older.
require('./runtime').onLts(() =>
  main().catch((e) => {
    log(e.stack || String(e));
    process.exit(1);
  }),
);
