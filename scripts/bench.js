#!/usr/bin/env node
'use strict';
/*
 * `node scripts/bench.js <name> [args...]`: compiles bench/ and runs bench/<name>.ts (main: the throughput
 * benchmark, faults: the fault tests) on the project's supported Node.js LTS (.nvmrc).
 */
const fs = require('node:fs');
const path = require('node:path');

const { onLts } = require('./runtime');
const { ROOT, run } = require('./setup');

const [name, ...args] = process.argv.slice(2);
if (!name || !fs.existsSync(path.join(ROOT, 'bench', `${name}.ts`))) {
  process.stderr.write('usage: node scripts/bench.js <name> [args...]  (bench/<name>.ts)\n');
  process.exit(2);
}
onLts(() => {
  const config = path.join(ROOT, 'bench', 'tsconfig.json');
  run(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config],
    'tsc (bench)',
  );
  run(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'), '-p', config],
    'path aliases (bench)',
  );
  const target = path.join(ROOT, '.run', 'bench-build', 'bench', `${name}.js`);
  process.argv = [process.execPath, target, ...args];
  require(target);
});
