import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { REPO_ROOT } from '@swx/testing';

/** Where the gateway and the services refuse CEB documents (the REST API's own DTO rules are not CEB rules). */
const RULE_SOURCES = [
  'libs/contracts/src/ceb',
  'apps/gateway/src/intake',
  'apps/gateway/src/http',
  'apps/gateway/src/signatures',
  'apps/customs/src',
  'apps/tax/src',
];

/** Files in those folders that hold no CEB rule: service settings and REST endpoints of their own. */
const NOT_CEB =
  /\.env\.ts$|messages\.controller\.ts$|apps\/tax\/src\/internal\/|inspection\.controller\.ts$|\.pipe\.ts$|migrations\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(REPO_ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) && !NOT_CEB.test(path) ? [path] : [];
  });
}

const matchesOf = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[1]);
const normalise = (rule: string) => rule.replace(/\$\{(\w+)\}/g, '<$1>').replace(/\s+/g, ' ');

/** Every refusal rule the code can answer with, and where it is. */
function rulesInCode(): Map<string, string> {
  const rules = new Map<string, string>();
  for (const file of RULE_SOURCES.flatMap(sourceFiles)) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    const found = [
      // Rule codes of field and document rules, gateway checks and signature checks.
      ...matchesOf(text, /\brule:\s*['`]([^'`]+)['`]/g),
      ...matchesOf(text, /\bviolate\(\s*[^,]+,\s*['`]([^'`]+)['`]/g),
      ...matchesOf(text, /\b[A-Z_]*RULE\s*=\s*'([^']+)'/g),
      ...matchesOf(text, /\b[A-Z][A-Z_]+\s*=\s*'([a-z]+\.[a-z][A-Za-z.]+)'/g),
      ...matchesOf(text, /\brefuse\(\s*['`]([a-z][\w.]+)['`]/g),
      ...matchesOf(text, /\breturn\s+'([a-z]+\.[a-z][A-Za-z]+)';/g),
      // Customs and tax codes written into returnInfo ([Code:…;Desc:…]).
      ...matchesOf(text, /\bcode:\s*'(-?\d{3,7})'/g),
      ...matchesOf(text, /\b\w*CODE\s*=\s*'(-?\d{3,7})'/g),
      ...(/^apps\/(customs|tax)\//.test(file) ? matchesOf(text, /^\s+\w+:\s*'(-?\d{4,7})',?$/gm) : []),
      // Field formats and code lists the document classes add to the XSD's types and lengths.
      ...matchesOf(text, /@Matches\(\s*([A-Z][A-Z0-9_]*|\/(?:[^/\\\n]|\\.)+\/)/g),
      ...matchesOf(text, /@IsIn\(\s*(\[[^\]]*\]|Object\.\w+\(\w+\)|\w+)/g),
    ];
    for (const rule of found) {
      if (rule.startsWith('signature.') || !/signatures/.test(file) || !rule.startsWith('certificate.')) {
        if (!rules.has(normalise(rule)))
          rules.set(normalise(rule), relative(REPO_ROOT, join(REPO_ROOT, file)));
      }
    }
  }
  return rules;
}

/** docs/ceb-rules.md: every rule in backticks in the first column of a table row, with its basis. */
function rulesInDocs(): Map<string, string> {
  const text = readFileSync(join(REPO_ROOT, 'docs/ceb-rules.md'), 'utf8');
  const rows = new Map<string, string>();
  for (const line of text.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    if (cells.length < 5 || !cells[1].startsWith('`')) continue;
    for (const rule of matchesOf(cells[1], /`([^`]+)`/g)) rows.set(rule.replace(/\\\|/g, '|'), line);
  }
  return rows;
}

describe('docs/ceb-rules.md', () => {
  const code = rulesInCode();
  const docs = rulesInDocs();

  it('finds the rules in the code (the collector works)', () => {
    for (const known of [
      'sender.ownCode',
      'appTime.notNewer',
      '1327',
      '-621005',
      'GUID',
      'Object.values(AppType)',
    ]) {
      expect(code.has(known)).toBe(true);
    }
    expect(code.size).toBeGreaterThan(80);
  });

  it('records every refusal rule the gateway and customs add beyond the XSD, with its basis', () => {
    const missing = [...code.entries()]
      .filter(([rule]) => !docs.has(rule))
      .map(([rule, file]) => `${rule} (${file})`);
    expect(missing).toEqual([]);
  });

  it('gives every recorded rule a basis and an outcome', () => {
    for (const [rule, line] of docs) {
      const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
      // | rule | what it refuses | basis | outcome |
      expect({
        rule,
        basis: cells[3].length > 10,
        outcome: /^(refusal|warning|receipt|dropped)/.test(cells[4]),
      }).toEqual({
        rule,
        basis: true,
        outcome: true,
      });
    }
  });
});
