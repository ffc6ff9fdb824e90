#!/usr/bin/env node
'use strict';
/*
 * `npm run migrate [-- <service>...]`: applies the pending migrations of every service in services.json (or of
 * the named ones), one after another, from the build (`npm run build` first; SWX_DIST_DIR names another build).
 * The services also migrate at start; this is for deployments that migrate before they roll out.
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { ROOT, compiled, findService, readServices } = require('./services');

const listed = readServices();
let chosen = listed;
try {
  if (process.argv.length > 2) chosen = process.argv.slice(2).map((n) => findService(n, listed));
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
const dist = path.resolve(ROOT, process.env.SWX_DIST_DIR || 'dist');
for (const service of chosen) {
  const r = spawnSync(process.execPath, [compiled(dist, service.migrate)], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`[migrate] ${service.name} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}
