'use strict';
/*
 * Headless Chromium for the browser tests (the consoles, tested as a person uses them): Debian's `chromium`
 * package, installed with apt-get when missing (root, Debian's registry only; nothing is downloaded at test
 * time by the test driver, playwright-core, which brings no browser of its own). `CHROMIUM_PATH` names another
 * binary. `node scripts/browser.js install` does it by hand.
 */
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const DEFAULT_PATH = '/usr/bin/chromium';
/**
 * A Chinese font (Debian's `fonts-wqy-microhei`, 5 MB): the regulator console is Chinese by default, and without
 * a CJK font its screenshots show empty boxes where the text is.
 */
const CJK_FONT = { pkg: 'fonts-wqy-microhei', file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' };

function log(msg) {
  process.stderr.write(`[browser] ${msg}\n`);
}

function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...packages],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
  }
}

/** The Chinese font, installed as root when missing; without root only a warning (the tests still run). */
function ensureCjkFont() {
  if (fs.existsSync(CJK_FONT.file)) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    log(
      `no Chinese font (${CJK_FONT.file}): screenshots of the Chinese console show boxes (apt-get install ${CJK_FONT.pkg})`,
    );
    return;
  }
  log(`installing Debian's ${CJK_FONT.pkg} package (apt-get)`);
  aptInstall([CJK_FONT.pkg]);
}

/** The Chromium binary, installed from Debian's packages first if needed; throws when it cannot be. */
function ensureChromium() {
  const wanted = process.env.CHROMIUM_PATH || DEFAULT_PATH;
  if (fs.existsSync(wanted)) {
    ensureCjkFont();
    return wanted;
  }
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${wanted} does not exist`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `${DEFAULT_PATH} is missing: install Debian's chromium package (apt-get install chromium)`,
    );
  }
  const t0 = Date.now();
  log(`installing Debian's chromium and ${CJK_FONT.pkg} packages (apt-get)`);
  aptInstall(['chromium', CJK_FONT.pkg]);
  if (!fs.existsSync(DEFAULT_PATH))
    throw new Error(`apt-get installed chromium but ${DEFAULT_PATH} is missing`);
  log(`chromium installed in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return DEFAULT_PATH;
}

module.exports = { ensureChromium };

if (require.main === module) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (e) {
    log(e.message);
    process.exit(1);
  }
}
