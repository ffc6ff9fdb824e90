import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import type { DocumentDescriptor } from '../document-descriptor';
import { IMPORT_DESCRIPTORS } from './index';

const GOLDEN = resolve(__dirname, '../../../../testing/golden/import');
const files = (dir: 'ok' | 'not-ok' | 'warn'): string[] =>
  readdirSync(join(GOLDEN, dir))
    .filter((f) => f.endsWith('.json'))
    .sort();
const load = (dir: 'ok' | 'not-ok' | 'warn', file: string): unknown =>
  JSON.parse(readFileSync(join(GOLDEN, dir, file), 'utf8'));

/** `OrderHead.currency.isIn`, `OrderList.0.unit.matches`, `OrderList.arrayMinSize`: path and constraint. */
const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((constraint) => `${prefix}${e.property}.${constraint}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);

/**
 * What the intake would report: field errors first; arithmetic and cross-field rules run only on a document whose
 * fields are valid (they read its decimals), and are named by their rule code.
 */
function errorsOf(descriptor: DocumentDescriptor, plain: unknown): string[] {
  const document = plainToInstance(descriptor.documentClass, plain);
  const fieldErrors = flatten(validateSync(document, { whitelist: true, forbidNonWhitelisted: true }));
  return fieldErrors.length > 0
    ? fieldErrors
    : descriptor
        .check(document)
        .filter((v) => v.severity !== 'warning')
        .map((v) => v.rule);
}

/** Rules the standard does not state: the document is accepted with these warnings (docs/ceb-rules.md). */
function warningsOf(descriptor: DocumentDescriptor, plain: unknown): string[] {
  const document = plainToInstance(descriptor.documentClass, plain);
  return descriptor
    .check(document)
    .filter((v) => v.severity === 'warning')
    .map((v) => v.rule);
}

const descriptorOf = (file: string): DocumentDescriptor => {
  const type = file.split('.')[0];
  const descriptor = IMPORT_DESCRIPTORS.find((d) => d.messageType === type);
  if (!descriptor) throw new Error(`golden file ${file} names no import document type`);
  return descriptor;
};

describe('import golden files', () => {
  it('has a valid document for every import type', () => {
    expect(files('ok')).toEqual(IMPORT_DESCRIPTORS.map((d) => `${d.messageType}.json`).sort());
  });

  it('has broken documents for every import type', () => {
    const types = new Set(files('not-ok').map((f) => f.split('.')[0]));
    expect([...types].sort()).toEqual(IMPORT_DESCRIPTORS.map((d) => d.messageType).sort());
  });

  it.each(files('ok'))('ok/%s passes the fields and the rules', (file) => {
    expect(errorsOf(descriptorOf(file), load('ok', file))).toEqual([]);
  });

  it.each(files('warn'))('warn/%s is accepted with exactly the warning it names', (file) => {
    const expected = file.slice(file.indexOf('.') + 1, -'.json'.length);
    expect(errorsOf(descriptorOf(file), load('warn', file))).toEqual([]);
    expect(warningsOf(descriptorOf(file), load('warn', file))).toEqual([expected]);
  });

  it.each(files('not-ok'))('not-ok/%s breaks exactly the rule it names', (file) => {
    const expected = file.slice(file.indexOf('.') + 1, -'.json'.length);
    expect(errorsOf(descriptorOf(file), load('not-ok', file))).toEqual([expected]);
  });
});
