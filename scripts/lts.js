#!/usr/bin/env node
'use strict';
/*
 * `node scripts/lts.js <file.js> [args...]`: runs a compiled entry point (an app, a CLI) on the project's
 * supported Node.js LTS (.nvmrc), installing it from the npm registry first when the machine's Node is older.
 * The npm scripts that start project code go through it, so nothing runs on an end-of-life runtime.
 */
const path = require('node:path');

const { onLts } = require('./runtime');

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/lts.js <file.js> [args...]\n');
  process.exit(2);
}
onLts(() => {
  const target = path.resolve(file);
  process.argv = [process.execPath, target, ...args];
  require(target);
});
