#!/usr/bin/env node
'use strict';
/*
 * Regenerates libs/contracts/src/xml/ceb-structure.ts from the official CEB XSDs in libs/contracts/xsd:
 *   node scripts/gen-ceb-structure.js && npx prettier --write libs/contracts/src/xml/ceb-structure.ts
 * Every CEBnnnMessage root of the import and export XSDs is described: its document element, which elements
 * repeat, which are typed as integers, and the document's children in XSD order.
 */
const fs = require('node:fs');
const path = require('node:path');
const { XMLParser } = require('fast-xml-parser');

const ROOT = path.resolve(__dirname, '..');
const XSD_DIR = path.join(ROOT, 'libs', 'contracts', 'xsd');
const OUT = path.join(ROOT, 'libs', 'contracts', 'src', 'xml', 'ceb-structure.ts');
const SCHEMAS = { import: 'ceb-import-202205.xsd', export: 'ceb-export-202205.xsd' };
const ENVELOPE = ['BaseTransfer', 'BaseSubscribe', 'ExtendMessage', 'Signature'];
const INTEGER_TYPES = new Set([
  'xs:int',
  'xs:integer',
  'xs:long',
  'xs:short',
  'xs:byte',
  'xs:positiveInteger',
  'xs:nonNegativeInteger',
  'xs:negativeInteger',
  'xs:nonPositiveInteger',
  'xs:unsignedLong',
  'xs:unsignedInt',
  'xs:unsignedShort',
  'xs:unsignedByte',
]);

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' });

function tagOf(node) {
  return Object.keys(node).find((k) => k !== ':@');
}
function childrenOf(node) {
  return node[tagOf(node)] || [];
}
function attrsOf(node) {
  return node[':@'] || {};
}
function only(nodes, tag) {
  return nodes.filter((n) => tagOf(n) === tag);
}
function fail(message) {
  throw new Error(message);
}

function loadSchema(file) {
  const doc = parser.parse(fs.readFileSync(path.join(XSD_DIR, file), 'utf8'));
  const schema = doc.find((n) => tagOf(n) === 'xs:schema') || fail(`${file}: no xs:schema`);
  const globals = new Map();
  for (const el of only(childrenOf(schema), 'xs:element')) globals.set(attrsOf(el).name, el);
  return { file, globals, targetNamespace: attrsOf(schema).targetNamespace };
}

function documentation(node) {
  const annotation = only(childrenOf(node), 'xs:annotation')[0];
  const doc = annotation && only(childrenOf(annotation), 'xs:documentation')[0];
  const text = doc && childrenOf(doc).find((n) => tagOf(n) === '#text');
  return text ? String(text['#text']).trim() : undefined;
}

function occurs(attrs) {
  const min = attrs.minOccurs === undefined ? 1 : Number(attrs.minOccurs);
  const max =
    attrs.maxOccurs === undefined ? 1 : attrs.maxOccurs === 'unbounded' ? null : Number(attrs.maxOccurs);
  return { min, max };
}

/** Describes an xs:element (local or ref) as { name, min, max, type, children? }. */
function describe(schema, node) {
  const attrs = attrsOf(node);
  const { min, max } = occurs(attrs);
  if (attrs.ref) {
    if (attrs.ref === 'ds:Signature') return { name: 'Signature', min, max, type: 'signature' };
    const [prefix, name] = attrs.ref.split(':');
    if (prefix !== 'ceb') fail(`${schema.file}: unexpected ref ${attrs.ref}`);
    const target = schema.globals.get(name) || fail(`${schema.file}: unresolved ref ${attrs.ref}`);
    return { ...describe(schema, target), name, min, max };
  }
  const name = attrs.name;
  if (attrs.type) {
    if (attrs.type === 'ceb:XMLElement') return { name, min, max, type: 'any' };
    return { name, min, max, type: simpleKind(schema, attrs.type, name) };
  }
  const complex = only(childrenOf(node), 'xs:complexType')[0];
  if (complex) {
    const parts = childrenOf(complex).filter(
      (n) => !['xs:annotation', 'xs:attribute', '#text'].includes(tagOf(n)),
    );
    if (parts.length !== 1 || tagOf(parts[0]) !== 'xs:sequence')
      fail(`${schema.file}: ${name} is not a plain sequence`);
    const children = childrenOf(parts[0])
      .filter((n) => tagOf(n) !== '#text' && tagOf(n) !== 'xs:annotation')
      .map((n) =>
        tagOf(n) === 'xs:element' ? describe(schema, n) : fail(`${schema.file}: ${name} has ${tagOf(n)}`),
      );
    return { name, min, max, type: 'complex', children };
  }
  const simple = only(childrenOf(node), 'xs:simpleType')[0] || fail(`${schema.file}: ${name} has no type`);
  const restriction =
    only(childrenOf(simple), 'xs:restriction')[0] || fail(`${schema.file}: ${name} not a restriction`);
  return { name, min, max, type: simpleKind(schema, attrsOf(restriction).base, name) };
}

function simpleKind(schema, base, name) {
  if (INTEGER_TYPES.has(base)) return 'integer';
  if (base === 'xs:decimal') return 'decimal';
  if (base === 'xs:string') return 'string';
  return fail(`${schema.file}: ${name} has unsupported type ${base}`);
}

/** Walks a document element: paths (relative to it) of repeated and integer elements. */
function collect(element, prefix, out) {
  for (const child of element.children || []) {
    const p = prefix ? `${prefix}/${child.name}` : child.name;
    if (child.max === null || child.max > 1) out.repeated.push(p);
    if (child.type === 'integer') out.integers.push(p);
    if (child.type === 'complex') collect(child, p, out);
  }
  return out;
}

function messages() {
  const result = [];
  const namespaces = new Set();
  for (const [schemaName, file] of Object.entries(SCHEMAS)) {
    const schema = loadSchema(file);
    namespaces.add(schema.targetNamespace);
    for (const [rootElement, node] of schema.globals) {
      const match = /^(CEB\d{3})Message$/.exec(rootElement);
      if (!match) continue;
      const root = describe(schema, node);
      const documents = root.children.filter((c) => !ENVELOPE.includes(c.name));
      if (documents.length !== 1 || root.children[0] !== documents[0]) {
        fail(`${file}: ${rootElement} does not start with exactly one document element`);
      }
      const doc = documents[0];
      const envelope = root.children.slice(1).map((c) => c.name);
      const kind = envelope.includes('BaseTransfer')
        ? 'declaration'
        : doc.name.endsWith('Return')
          ? 'receipt'
          : 'notice';
      const { repeated, integers } = collect(doc, '', { repeated: [], integers: [] });
      result.push({
        messageType: match[1],
        rootElement,
        schema: schemaName,
        kind,
        title: documentation(node) || null,
        documentElement: doc.name,
        maxDocuments: doc.max,
        envelope,
        fields: (doc.children || []).map((c) => ({
          name: c.name,
          required: c.min > 0,
          ...(c.max === 1 ? {} : { maxOccurs: c.max }),
          type: c.type,
        })),
        repeated,
        integers,
      });
    }
  }
  const seen = new Set();
  for (const m of result) {
    if (seen.has(m.rootElement)) fail(`${m.rootElement} is defined in both XSDs`);
    seen.add(m.rootElement);
  }
  // The standard numbers a receipt right after its request (311 -> 312, 603 -> 604); assert the pair is a receipt.
  for (const m of result) {
    if (m.kind !== 'declaration') continue;
    const next = `CEB${Number(m.messageType.slice(3)) + 1}Message`;
    const receipt = result.find(
      (r) => r.rootElement === next && r.schema === m.schema && r.kind === 'receipt',
    );
    if (!receipt) fail(`${m.rootElement} has no receipt ${next}`);
    m.receiptRoot = receipt.rootElement;
  }
  if (namespaces.size !== 1) fail(`the XSDs have different target namespaces: ${[...namespaces].join(', ')}`);
  return {
    namespace: [...namespaces][0],
    list: result.sort((a, b) => a.messageType.localeCompare(b.messageType)),
  };
}

/** JSON with small flat objects on one line, so that prettier keeps the table compact. */
function literal(value, indent) {
  const flat = JSON.stringify(value);
  const nested =
    value !== null &&
    typeof value === 'object' &&
    Object.values(value).some((v) => v && typeof v === 'object');
  if (!nested && flat.length <= 90) return flat;
  const inner = indent + '  ';
  if (Array.isArray(value))
    return `[\n${value.map((v) => inner + literal(v, inner)).join(',\n')},\n${indent}]`;
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${literal(v, inner)}`);
  return `{\n${entries.join(',\n')},\n${indent}}`;
}

function render({ namespace, list }) {
  const body = {};
  for (const m of list) {
    const { rootElement, ...rest } = m;
    body[rootElement] = { rootElement, ...rest };
  }
  return `// Generated by scripts/gen-ceb-structure.js from libs/contracts/xsd/ceb-{import,export}-202205.xsd. Do not edit.

/** targetNamespace of both CEB XSDs. */
export const CEB_NAMESPACE = '${namespace}';

export type CebSchema = 'import' | 'export';

/** declaration: sent by an enterprise (has BaseTransfer); receipt: a …Return answer; notice: issued by customs. */
export type CebMessageKind = 'declaration' | 'receipt' | 'notice';

export type CebFieldType = 'string' | 'decimal' | 'integer' | 'complex' | 'any';

export interface CebFieldStructure {
  readonly name: string;
  readonly required: boolean;
  /** Present when the element may repeat; null = unbounded. */
  readonly maxOccurs?: number | null;
  readonly type: CebFieldType;
}

export interface CebMessageStructure {
  readonly messageType: string;
  readonly rootElement: string;
  readonly schema: CebSchema;
  readonly kind: CebMessageKind;
  /** The XSD's annotation of the root element. */
  readonly title: string | null;
  /** The element repeated directly under the root, one per document (\`Order\`, \`InventoryReturn\`...). */
  readonly documentElement: string;
  /** maxOccurs of the document element; null = unbounded. */
  readonly maxDocuments: number | null;
  /** Root children after the documents, in XSD order (BaseTransfer, BaseSubscribe, Signature, ExtendMessage). */
  readonly envelope: readonly string[];
  /** Children of the document element in XSD order. */
  readonly fields: readonly CebFieldStructure[];
  /** Paths below the document element ('/'-separated) of elements that may occur more than once. */
  readonly repeated: readonly string[];
  /** Paths below the document element of elements typed as XSD integers. */
  readonly integers: readonly string[];
  /** Declarations only: the root element of their receipt. */
  readonly receiptRoot?: string;
}

export const CEB_MESSAGES = ${literal(body, '')} as const satisfies Readonly<Record<string, CebMessageStructure>>;

export type CebRootElement = keyof typeof CEB_MESSAGES;

export function cebMessageStructure(rootElement: string): CebMessageStructure | undefined {
  return Object.prototype.hasOwnProperty.call(CEB_MESSAGES, rootElement)
    ? (CEB_MESSAGES as Readonly<Record<string, CebMessageStructure>>)[rootElement]
    : undefined;
}
`;
}

// Required (by the spec that checks the committed table against the XSDs), it only exports the reader.
module.exports = { messages };

if (require.main === module) {
  const generated = messages();
  const { list } = generated;
  fs.writeFileSync(OUT, render(generated));
  process.stdout.write(
    `${path.relative(ROOT, OUT)}: ${list.length} messages (${list.map((m) => m.messageType).join(' ')})\n`,
  );
}
