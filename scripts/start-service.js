#!/usr/bin/env node
'use strict';
/*
 * `npm run start:service -- <service>`: one service of services.json from the build (`npm run build` first;
 * SWX_DIST_DIR names another build), in the foreground, configured by the environment alone (no broker, secrets
 * or demo data are set up: `npm start` does that for the whole platform).
 */
const path = require('node:path');
const { spawn } = require('node:child_process');

const { ROOT, compiled, findService } = require('./services');

const name = process.argv[2];
if (!name || process.argv.length > 3) {
  process.stderr.write('usage: npm run start:service -- <service>\n');
  process.exit(2);
}
let service;
try {
  service = findService(name);
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
const main = compiled(path.resolve(ROOT, process.env.SWX_DIST_DIR || 'dist'), service.main);
const child = spawn(process.execPath, [main], { cwd: ROOT, stdio: 'inherit' });
// Ctrl-C reaches the child through the terminal's process group; other signals sent to this process are passed on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (signal !== 'SIGINT' || !process.stdin.isTTY) child.kill(signal);
  });
}
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
