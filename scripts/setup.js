'use strict';
/*
 * Shared set-up steps of `npm start` and `npm test` on a fresh machine: install the npm dependencies when
 * they are missing or older than the lockfile, and compile the TypeScript build. Node built-ins only, since
 * this runs before anything is installed.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

function log(msg) {
  process.stderr.write(`[setup] ${msg}\n`);
}

function run(cmd, args, what) {
  const t0 = Date.now();
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    log(`${what} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
  log(`${what} done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function installDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (mtime(marker) >= mtime(path.join(ROOT, 'package-lock.json'))) return;
  // `npm install` with the committed lockfile installs the locked versions. Not `npm ci`: npm 11 writes lockfiles
  // without the optional platform binaries of other systems (@swc/core-*) and then its own `npm ci` refuses them.
  log('installing npm dependencies (locked versions)');
  run('npm', ['install', '--no-audit', '--no-fund'], 'npm install');
}

function build() {
  log('compiling TypeScript');
  run(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    'tsc',
  );
  run(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'), '-p', 'tsconfig.build.json'],
    'path aliases',
  );
}

module.exports = { ROOT, log, run, installDependencies, build };
