'use strict';
/*
 * The Node.js runtime the project runs on: the LTS major named in .nvmrc. When the machine's own `node` is of
 * another major (Node 20 here, end of life), the project installs that LTS from the npm registry into
 * .cache/node/<major>/ (the `node-<platform>-<arch>` package that the `node` package itself installs: the
 * official binary, nothing fetched from anywhere else), then re-runs the calling script with it, with its bin
 * folder first on PATH so that npm, every app, test and benchmark started below runs on it too.
 * Node built-ins only: this runs before anything is installed.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

/** The supported major version, pinned in .nvmrc (the Dockerfile and package.json engines follow it). */
function supportedMajor() {
  const text = fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim();
  if (!/^\d+$/.test(text)) throw new Error(`.nvmrc must hold a bare major version, found "${text}"`);
  return Number(text);
}

const majorOf = (version) => Number(String(version).replace(/^v/, '').split('.')[0]);

function log(msg) {
  process.stderr.write(`[runtime] ${msg}\n`);
}

/** The npm package holding this machine's Node binary, as the `node` package picks it. */
function binaryPackage(major) {
  return `node-${process.platform}-${process.arch}@${major}`;
}

function cacheDir(major) {
  return path.join(ROOT, '.cache', 'node', String(major));
}

function cachedBinary(major) {
  const pkg = `node-${process.platform}-${process.arch}`;
  const bin = path.join(cacheDir(major), 'node_modules', pkg, 'bin', 'node');
  return fs.existsSync(bin) ? bin : undefined;
}

function versionOf(binary) {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Path of a Node binary of the supported major: this process's own, the cached one, or a fresh install. */
function ensureNode() {
  const major = supportedMajor();
  if (majorOf(process.version) === major) return process.execPath;
  const cached = cachedBinary(major);
  if (cached && majorOf(versionOf(cached)) === major) return cached;

  const dir = cacheDir(major);
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  log(
    `Node ${process.version} is not the supported LTS (${major}); installing ${binaryPackage(major)} from the npm registry`,
  );
  const t0 = Date.now();
  const npm =
    process.env.npm_execpath && fs.existsSync(process.env.npm_execpath) ? process.env.npm_execpath : null;
  const args = [
    'install',
    '--prefix',
    tmp,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    binaryPackage(major),
  ];
  // npm's own output goes to stderr: stdout belongs to the program this wrapper runs (a caller may parse it).
  const stdio = ['inherit', process.stderr, 'inherit'];
  const r = npm ? spawnSync(process.execPath, [npm, ...args], { stdio }) : spawnSync('npm', args, { stdio });
  if (r.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`installing ${binaryPackage(major)} failed (exit ${r.status})`);
  }
  // The install lands under a temporary name and is moved into place whole, so a run that dies half-way
  // never leaves a broken runtime behind.
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  const bin = cachedBinary(major);
  const version = bin && versionOf(bin);
  if (!version || majorOf(version) !== major)
    throw new Error(`${binaryPackage(major)} did not provide a working Node ${major}`);
  log(`Node ${version} installed in ${path.relative(ROOT, dir)} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  return bin;
}

/** The environment for children of the LTS: its bin folder first on PATH, so `npm` and `node` resolve to it. */
function runtimeEnv(binary, env = process.env) {
  return { ...env, PATH: `${path.dirname(binary)}${path.delimiter}${env.PATH ?? ''}` };
}

/**
 * Entry scripts wrap their body in this: `main` runs here when this process is already on the supported LTS;
 * otherwise the same script runs again, with the same arguments, on the LTS (installed first if needed), this
 * process passes signals on, waits, and exits with the child's status.
 */
function onLts(main) {
  if (majorOf(process.version) === supportedMajor()) return main();
  const binary = ensureNode();
  const child = spawn(binary, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: runtimeEnv(binary),
  });
  // Ctrl-C reaches the child through the terminal's process group; a signal sent to this process alone is
  // passed on. Either way this process lives until the child has exited, so its caller sees the child's exit.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (signal !== 'SIGINT' || !process.stdin.isTTY) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 1)));
  child.on('error', (e) => {
    log(`could not run ${binary}: ${e.message}`);
    process.exit(1);
  });
  return undefined;
}

module.exports = { supportedMajor, ensureNode, onLts, runtimeEnv, majorOf };
