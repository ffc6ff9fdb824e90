#!/usr/bin/env node
'use strict';
/* `npm run build:into -- dist-mine`: compile into another folder, so parallel work does not share dist/. */
const path = require('node:path');
const { run, ROOT } = require('./setup');

const out = process.argv[2];
if (!out || !/^dist-[\w-]+$/.test(out)) {
  process.stderr.write('usage: npm run build:into -- dist-<name>\n');
  process.exit(2);
}
const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const alias = path.join(ROOT, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js');
run(
  process.execPath,
  [tsc, '-p', 'tsconfig.build.json', '--outDir', out, '--tsBuildInfoFile', `${out}/.tsbuildinfo`],
  'tsc',
);
run(process.execPath, [alias, '-p', 'tsconfig.build.json', '--outDir', out], 'path aliases');
