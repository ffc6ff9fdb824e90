import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { DEMO_ENTERPRISES } from '../demo-enterprises';
import type { DocumentDescriptor } from '../document-descriptor';
import { EXPORT_DESCRIPTORS } from './index';

const GOLDEN = resolve(__dirname, '../../../../testing/golden/export');
const descriptors = new Map<string, DocumentDescriptor>(
  EXPORT_DESCRIPTORS.map((d) => [d.messageType, d as unknown as DocumentDescriptor]),
);

/** Field errors as `<path>.<constraint>`, e.g. `OrderList.0.qty.matches`. */
const fieldErrors = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return [
      ...Object.keys(e.constraints ?? {}).map((constraint) => `${path}.${constraint}`),
      ...fieldErrors(e.children ?? [], path),
    ];
  });

/** Every error of a golden document: its field errors and the rule codes its checks break. */
function errorsOf(descriptor: DocumentDescriptor, document: object): string[] {
  const instance = plainToInstance(descriptor.documentClass, document);
  const fields = fieldErrors(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }));
  const refusals = descriptor.check(document).filter((v) => v.severity !== 'warning');
  return [...fields, ...refusals.map((v) => v.rule)];
}

const load = (folder: string, file: string): object =>
  JSON.parse(readFileSync(join(GOLDEN, folder, file), 'utf8')) as object;

const jsonFiles = (folder: string): string[] =>
  readdirSync(join(GOLDEN, folder))
    .filter((f) => f.endsWith('.json'))
    .sort();

/** `CEB303.OrderHead.orderType.isIn.json` -> [`CEB303`, `OrderHead.orderType.isIn`]. */
const parseName = (file: string): [string, string] => {
  const base = file.replace(/\.json$/, '');
  const dot = base.indexOf('.');
  return [base.slice(0, dot), base.slice(dot + 1)];
};

describe('export golden files', () => {
  const ok = jsonFiles('ok');
  const notOk = jsonFiles('not-ok');

  it('has one ok file per export document type and a not-ok file for each of them', () => {
    const types = [...descriptors.keys()].sort();
    expect(ok).toEqual(types.map((t) => `${t}.json`));
    expect([...new Set(notOk.map((f) => parseName(f)[0]))].sort()).toEqual(types);
  });

  it.each(ok)('ok/%s has no error and is the descriptor example', (file) => {
    const descriptor = descriptors.get(file.replace(/\.json$/, ''));
    expect(descriptor).toBeDefined();
    const document = load('ok', file);
    expect(errorsOf(descriptor!, document)).toEqual([]);
    expect(document).toEqual(JSON.parse(JSON.stringify(descriptor!.example)));
  });

  it.each(notOk)('not-ok/%s breaks exactly the rule it names', (file) => {
    const [type, rule] = parseName(file);
    const descriptor = descriptors.get(type);
    expect(descriptor).toBeDefined();
    expect(errorsOf(descriptor!, load('not-ok', file))).toEqual([rule]);
  });

  // Rules the standard does not state (docs/ceb-rules.md): the document is accepted with exactly this warning.
  it.each(jsonFiles('warn'))('warn/%s is accepted with exactly the warning it names', (file) => {
    const [type, rule] = parseName(file);
    const descriptor = descriptors.get(type)!;
    const document = load('warn', file);
    const instance = plainToInstance(descriptor.documentClass, document);
    expect(fieldErrors(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }))).toEqual([]);
    const found = descriptor.check(document);
    expect(found.filter((v) => v.severity !== 'warning')).toEqual([]);
    expect(found.filter((v) => v.severity === 'warning').map((v) => v.rule)).toEqual([rule]);
  });
});

describe('the export example set', () => {
  const all = [...descriptors.values()];
  const headOf = (d: DocumentDescriptor) =>
    (d.example as Record<string, Record<string, unknown>>)[d.headElement];

  it.each(all.map((d) => [d.messageType, d] as const))(
    '%s: the intake finds the sender code at headElement.senderCodeField, a demo enterprise in the sender role',
    (_type, d) => {
      const code = headOf(d)?.[d.senderCodeField];
      const sender = Object.values(DEMO_ENTERPRISES).find((e) => e.customsCode === code);
      expect(sender?.roles).toContain(d.senderRole);
      expect(d.flow).toBe('export');
    },
  );

  it('keys the order, its receipt and its list by the one export order number', () => {
    const keys = ['CEB303', 'CEB403', 'CEB603'].map((t) =>
      descriptors.get(t)!.keyOf(descriptors.get(t)!.example),
    );
    expect(keys).toEqual(['EXP20261121000001', 'EXP20261121000001', 'EXP20261121000001']);
  });

  it('declares the documents in business order: order, receipt, waybill, list, arrival, departure, summary', () => {
    const order = ['CEB303', 'CEB403', 'CEB505', 'CEB603', 'CEB507', 'CEB509', 'CEB701'];
    const times = order.map((t) => descriptors.get(t)!.versionOf(descriptors.get(t)!.example).appTime ?? '');
    expect([...times].sort()).toEqual(times);
  });
});
