import { gzipSync } from 'node:zlib';

import * as fc from 'fast-check';

/**
 * A fuzz generator driven by an OpenAPI 3.0 document (the one the gateway serves): for every operation it builds
 * request bodies, path and query values from the operation's schemas with fast-check, then breaks them in a
 * targeted way (wrong type, missing required field, value outside its enum, length or range, unknown field) and
 * adds the hostile set (NUL and lone surrogates in every string, huge and empty values, deep nesting, wrong
 * content types, duplicate keys, malformed UTF-8, XML bombs and external entities). Every case says whether it
 * is known to break the schema (checked with `schemaErrors`, not assumed): those must never be accepted.
 *
 * Pure: no I/O; the same document, seed and limits give the same cases.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  example?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: {
    required?: boolean;
    content?: Record<
      string,
      { schema?: Schema; example?: unknown; examples?: Record<string, { value?: unknown }> }
    >;
  };
  security?: unknown[];
  responses?: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject | unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** One operation of the document, as the fuzzer needs it. */
export interface FuzzOperation {
  /** `POST /v1/webhooks` */
  id: string;
  method: string;
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  /** Media types of the request body, e.g. `application/json`, `application/xml`. */
  media: string[];
  jsonSchema?: Schema;
  /** The JSON examples of the request body (each a whole valid body, e.g. a CEB document). */
  bodyExamples: unknown[];
  bodyRequired: boolean;
  secured: boolean;
}

/** One request to send, and what it must not get. */
export interface FuzzCase {
  operation: string;
  /** The mutation, e.g. `wrong-type`, `nul`, `xml-bomb`, `content-type:text/plain`. */
  kind: string;
  method: string;
  /** Path with its parameters filled and encoded, plus the query string. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Known to break the schema (or the project's rules for text: no NUL, no lone surrogate): never a 2xx. */
  bad: boolean;
  /** Where and what, without values: `OrderHead.ebpCode: string(31)`. */
  excerpt: string;
  /** Send without credentials. */
  anonymous?: boolean;
}

export interface FuzzOptions {
  seed: number;
  /** Random schema-mutation cases per operation with a JSON body, on top of the coverage cases. */
  randomPerOperation?: number;
  /** Size of the "huge" string (default 1 MB). */
  hugeBytes?: number;
  /** Depth of the deep-nesting bodies (default 10,000). */
  depth?: number;
  /** A well-formed XML message for an XML-accepting operation, to carry entities; generic XML otherwise. */
  xmlSample?: (op: FuzzOperation) => string | undefined;
  /** A value for a path parameter that looks valid (an existing id, say). */
  pathValue?: (op: FuzzOperation, name: string) => string | undefined;
}

/** The schema of property `k` (never one inherited from Object.prototype, as `constructor` would be). */
const ownProperty = (s: Schema, k: string): Schema | undefined =>
  s.properties && Object.hasOwn(s.properties, k) ? s.properties[k] : undefined;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    if (depth > 32) throw new Error(`$ref cycle at ${schema.$ref}`);
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return resolveSchema(doc, target, depth + 1);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolveSchema(doc, s, depth + 1));
    const merged: Schema = {
      ...schema,
      allOf: undefined,
      type: parts.find((p) => p.type)?.type ?? schema.type,
    };
    for (const p of parts) {
      if (p.properties) merged.properties = { ...merged.properties, ...p.properties };
      if (p.required) merged.required = [...(merged.required ?? []), ...p.required];
    }
    return merged;
  }
  return schema;
}

export function listOperations(doc: OpenApiDocument): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const media = Object.keys(content);
      ops.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        headerParams: params.filter((p) => p.in === 'header' && p.name.toLowerCase() !== 'authorization'),
        queryParams: params.filter((p) => p.in === 'query'),
        media,
        jsonSchema: content['application/json']?.schema,
        bodyExamples: [
          ...(content['application/json']?.example !== undefined
            ? [content['application/json'].example]
            : []),
          ...Object.values(content['application/json']?.examples ?? {}).map((e) => e.value),
        ].filter((e) => e !== undefined),
        bodyRequired: op.requestBody?.required === true,
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation: what the document says, plus the rules the API states for every text and object.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function typeOk(type: string | undefined, v: unknown): boolean {
  switch (type) {
    case undefined:
      return true;
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isObject(v);
    default:
      return true;
  }
}

/**
 * Why `value` breaks `schema` (empty when it does not). Besides JSON Schema: unknown object fields are errors (the
 * API refuses them), and so is any text with a NUL or a lone surrogate (issue 11.5: refused with a field error).
 */
export function schemaErrors(
  doc: OpenApiDocument,
  schema: Schema | undefined,
  value: unknown,
  at = '',
): string[] {
  const s = resolveSchema(doc, schema);
  const here = at || '(root)';
  if (value === null) return s.nullable ? [] : [`${here}: null`];
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const results = branches.map((b) => schemaErrors(doc, b, value, at));
    return results.some((r) => r.length === 0) ? [] : [`${here}: matches no branch`, ...results.flat()];
  }
  if (!typeOk(s.type, value)) return [`${here}: not ${s.type}`];
  const errors: string[] = [];
  if (s.enum && !s.enum.some((e) => e === value)) errors.push(`${here}: not in enum`);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (s.maxLength !== undefined && length > s.maxLength) errors.push(`${here}: longer than ${s.maxLength}`);
    if (s.minLength !== undefined && length < s.minLength)
      errors.push(`${here}: shorter than ${s.minLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) errors.push(`${here}: pattern`);
    if (s.format === 'email' && !EMAIL.test(value)) errors.push(`${here}: not an email`);
    if (
      s.format === 'uuid' &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    ) {
      errors.push(`${here}: not a uuid`);
    }
    if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${here}: not a date-time`);
    if (value.includes('\u0000')) errors.push(`${here}: NUL`);
    if (LONE_SURROGATE.test(value)) errors.push(`${here}: lone surrogate`);
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) errors.push(`${here}: below ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) errors.push(`${here}: above ${s.maximum}`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems)
      errors.push(`${here}: fewer than ${s.minItems}`);
    if (s.maxItems !== undefined && value.length > s.maxItems)
      errors.push(`${here}: more than ${s.maxItems}`);
    if (s.items) value.forEach((v, i) => errors.push(...schemaErrors(doc, s.items, v, `${at}[${i}]`)));
  }
  if (isObject(value)) {
    for (const r of s.required ?? []) {
      if (!Object.hasOwn(value, r)) errors.push(`${at ? at + '.' : ''}${r}: missing`);
    }
    for (const [k, v] of Object.entries(value)) {
      const key = `${at ? at + '.' : ''}${k}`;
      const prop = ownProperty(s, k);
      if (prop) errors.push(...schemaErrors(doc, prop, v, key));
      else if (isObject(s.additionalProperties))
        errors.push(...schemaErrors(doc, s.additionalProperties, v, key));
      else if (s.additionalProperties !== true && (s.properties || s.type === 'object')) {
        errors.push(`${key}: unknown field`);
      }
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Generation of values that follow the schema.

/**
 * Values that follow `schema`: field examples often (they get requests past the first business checks), or
 * always with `examplesOnly` (a base whose only defect is the one mutation put in it).
 */
export function valueArbitrary(
  doc: OpenApiDocument,
  schema: Schema | undefined,
  depth = 0,
  examplesOnly = false,
): fc.Arbitrary<unknown> {
  const s = resolveSchema(doc, schema);
  const branches = s.oneOf ?? s.anyOf;
  if (branches?.length) return valueArbitrary(doc, branches[0], depth + 1, examplesOnly);
  const exampleOk = s.example !== undefined && schemaErrors(doc, s, s.example).length === 0;
  if (exampleOk && examplesOnly) return fc.constant(s.example);
  const generated = generatedArbitrary(doc, s, depth, examplesOnly);
  if (exampleOk) {
    return fc.oneof({ weight: 3, arbitrary: fc.constant(s.example) }, { weight: 1, arbitrary: generated });
  }
  return generated;
}

function generatedArbitrary(
  doc: OpenApiDocument,
  s: Schema,
  depth: number,
  examplesOnly: boolean,
): fc.Arbitrary<unknown> {
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const type = s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'date-time') return fc.constant('2026-11-30T10:00:00+08:00');
      if (s.format === 'email') return fc.constant('fuzz@example.com');
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
      const minLength = s.minLength ?? 1;
      const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 24, 24));
      return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }).filter((v) => v.trim().length > 0);
    }
    case 'integer':
    case 'number':
      return fc.integer({ min: s.minimum ?? 0, max: s.maximum ?? 1000 });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = Math.max(s.minItems ?? 0, 1);
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 2, 2));
      if (depth > 6) return fc.constant([]);
      return fc.array(valueArbitrary(doc, s.items, depth + 1, examplesOnly), { minLength, maxLength });
    }
    case 'object': {
      if (depth > 6 || !s.properties) return fc.constant({});
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, p] of Object.entries(s.properties))
        shape[k] = valueArbitrary(doc, p, depth + 1, examplesOnly);
      // Every property, optional ones too: each string position gets its share of mutations.
      return fc.record(shape);
    }
    default:
      return fc.constant('fuzz');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations.

type Path = (string | number)[];

interface Position {
  path: Path;
  schema: Schema;
  value: unknown;
}

/** Every position of `value` with the (resolved, branch-chosen) schema it has there. */
export function positionsOf(
  doc: OpenApiDocument,
  schema: Schema | undefined,
  value: unknown,
  path: Path = [],
  out: Position[] = [],
): Position[] {
  let s = resolveSchema(doc, schema);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const fits = branches.find((b) => schemaErrors(doc, b, value).length === 0) ?? branches[0];
    s = resolveSchema(doc, fits);
  }
  out.push({ path, schema: s, value });
  if (Array.isArray(value)) value.forEach((v, i) => positionsOf(doc, s.items, v, [...path, i], out));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) positionsOf(doc, ownProperty(s, k), v, [...path, k], out);
  }
  return out;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function setAt(root: unknown, path: Path, replacement: unknown, remove = false): unknown {
  if (path.length === 0) return replacement;
  const copy = clone(root) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete cursor[last];
  else cursor[last] = replacement;
  return copy;
}

const describePath = (path: Path): string =>
  path.length === 0
    ? '(body)'
    : path
        .map((p) => (typeof p === 'number' ? `[${p}]` : p))
        .join('.')
        .replace(/\.\[/g, '[');

function shapeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'string') {
    const marks = [v.includes('\u0000') ? 'NUL' : '', LONE_SURROGATE.test(v) ? 'surrogate' : ''].filter(
      Boolean,
    );
    return `string(${v.length}${marks.length ? ' ' + marks.join('+') : ''})`;
  }
  if (isObject(v)) return `object(${Object.keys(v).length} keys)`;
  return typeof v;
}

/**
 * Texts that follow a plain `type: string` but that code reading numbers, dates, codes or paths may choke on:
 * one per string position, rotating (no more than "no 5xx" is asserted unless the schema refuses them).
 */
export const ODD_TEXTS = [
  'NaN',
  '1e999',
  '-0',
  '\uff10\uff11\uff12',
  '9'.repeat(400),
  ' ',
  '20260231250000',
  '2026-13-45',
  '0000-00-00',
  "'; DROP TABLE x;--",
  '../../etc/passwd',
  '\u202e\u0301',
  '\t\r\n',
  '\ud83d\ude00'.repeat(50),
  '-1',
  '0.000000000000000000001',
  '<x>&amp;</x>',
  '${jndi:ldap://127.0.0.1/a}',
];

let bomb: Buffer | undefined;
/** 10 MB of spaces, gzipped (about 10 kB): made once. */
const gzipBomb = (): Buffer => (bomb ??= gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)));

/** Number literals as raw JSON text: too large for a double, negative zero, past 2^53, more digits than a double. */
export const RAW_NUMBERS = ['1e999', '-0', '9007199254740993', '1.00000000000000000000001', '-1e-999', '1E2'];

/** Header values a client may send (fetch refuses NUL and line breaks in headers, so do proxies). */
const HOSTILE_HEADER_VALUES: [string, string][] = [
  ['huge', 'k'.repeat(7000)],
  ['empty', ''],
  ['latin1', '\u00ff\u00fe\u00e9'],
  ['spaces', '   '],
  ['tab', 'a\tb'],
  ['sql', "' OR '1'='1"],
];

interface Mutation {
  kind: string;
  path: Path;
  value?: unknown;
  remove?: boolean;
}

/** Targeted mutations of one position; each is meant to break the schema (checked afterwards). */
function mutationsAt(p: Position, hugeBytes: number, rotation = 0): Mutation[] {
  const { schema: s, value, path } = p;
  const m: Mutation[] = [];
  const type = s.type ?? (s.properties ? 'object' : undefined);
  const wrong: Record<string, unknown[]> = {
    string: [42, true, { s: 'x' }, ['x']],
    number: ['1', true, {}, [1]],
    integer: ['1', 1.5, {}, [1]],
    boolean: ['true', 1, {}],
    array: [{}, 'x', 1],
    object: [[], 'x', 1, true],
  };
  // Objects and arrays get every wrong type (an array where an object is due slips past nested validation);
  // a scalar gets one, rotating through the list: every type is tried somewhere in the body.
  const wrongTypes = wrong[type ?? ''] ?? [];
  const count = type === 'object' || type === 'array' ? wrongTypes.length : 1;
  for (let i = 0; i < Math.min(count, wrongTypes.length); i++) {
    m.push({ kind: 'wrong-type', path, value: wrongTypes[(rotation + i) % wrongTypes.length] });
  }
  if (path.length > 0) m.push({ kind: 'null', path, value: null });
  if (s.enum) m.push({ kind: 'enum', path, value: typeof s.enum[0] === 'number' ? 987654 : 'ZZ-not-listed' });
  if (s.maxLength !== undefined) m.push({ kind: 'max-length', path, value: 'a'.repeat(s.maxLength + 1) });
  if (s.minLength) m.push({ kind: 'min-length', path, value: 'a'.repeat(s.minLength - 1) });
  if (s.pattern) {
    const re = new RegExp(s.pattern, 'u');
    const miss = ['', ' ', '!', '-----', 'a'.repeat(300), '\u00e9\u00e9'].find((c) => !re.test(c));
    if (miss !== undefined) m.push({ kind: 'pattern', path, value: miss });
  }
  if (s.format === 'email') m.push({ kind: 'format', path, value: 'not-an-email' });
  if (s.format === 'uuid') m.push({ kind: 'format', path, value: '00000000-0000-0000-0000-00000000000g' });
  if (s.format === 'date-time') m.push({ kind: 'format', path, value: '2026-13-45T25:61:00+08:00' });
  if (typeof value === 'number' || type === 'number' || type === 'integer') {
    if (s.minimum !== undefined) m.push({ kind: 'range', path, value: s.minimum - 1 });
    if (s.maximum !== undefined) m.push({ kind: 'range', path, value: s.maximum + 1 });
  }
  if (typeof value === 'string') {
    const cut = Math.floor(value.length / 2);
    m.push({ kind: 'nul', path, value: `${value.slice(0, cut)}\u0000${value.slice(cut)}` });
    m.push({
      kind: 'surrogate',
      path,
      value: rotation % 2 ? `\udfff${value}` : `${value.slice(0, cut)}\ud800${value.slice(cut)}`,
    });
    m.push({ kind: 'empty', path, value: '' });
    m.push({ kind: 'huge', path, value: 'x'.repeat(hugeBytes) });
    m.push({ kind: 'odd-text', path, value: ODD_TEXTS[rotation % ODD_TEXTS.length] });
  }
  if (Array.isArray(value)) {
    m.push({ kind: 'empty', path, value: [] });
    // One item too many, where that stays a reasonable request (some lists allow 99,999 lines).
    if (s.maxItems !== undefined && s.maxItems < 1000 && value.length > 0) {
      m.push({ kind: 'max-items', path, value: Array.from({ length: s.maxItems + 1 }, () => value[0]) });
    }
  }
  if (isObject(value)) {
    m.push({ kind: 'empty', path, value: {} });
    m.push({ kind: 'unknown-field', path: [...path, '__fuzz'], value: 1 });
    m.push({ kind: 'unknown-field', path: [...path, 'constructor'], value: {} });
    m.push({
      kind: 'unknown-field',
      path: [...path, 'constructor'],
      value: { prototype: { polluted: true } },
    });
    m.push({ kind: 'unknown-field', path: [...path, '__proto__'], value: { polluted: true } });
    for (const r of s.required ?? [])
      if (Object.hasOwn(value, r)) m.push({ kind: 'missing-required', path: [...path, r], remove: true });
  }
  return m;
}

function applyMutation(base: unknown, mutation: Mutation): unknown {
  if (mutation.path[mutation.path.length - 1] === '__proto__') {
    // JSON.parse makes `__proto__` an own property; a plain assignment would set the prototype instead.
    const parentPath = mutation.path.slice(0, -1);
    const copy = clone(base);
    const parent = parentPath.reduce<unknown>((c, k) => (c as Record<string | number, unknown>)[k], copy);
    Object.defineProperty(parent, '__proto__', { value: mutation.value, enumerable: true, writable: true });
    return copy;
  }
  return setAt(base, mutation.path, mutation.value, mutation.remove);
}

// ---------------------------------------------------------------------------------------------------------------
// Raw bodies.

/** `{"x":{"x":…1…}}` nested `depth` deep, built as text (no recursion anywhere). */
export const deepObject = (depth: number): string => `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
export const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** The JSON text of `value` with its first key given twice, the first time with another value. */
export function withDuplicateKey(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  if (keys.length === 0) return undefined;
  const key = keys[0];
  const decoy = typeof value[key] === 'string' ? `${value[key] as string}X` : 'decoy';
  const rest = JSON.stringify(value).slice(1);
  return `{${JSON.stringify(key)}:${JSON.stringify(decoy)},${rest}`;
}

export const BILLION_LAUGHS = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  ' <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => {
    const prev = i === 0 ? 'lol' : `lol${i}`;
    return ` <!ENTITY lol${i + 1} "${`&${prev};`.repeat(10)}">`;
  }),
  ']>',
  '<lolz>&lol9;</lolz>',
].join('\n');

/** Puts a DOCTYPE with `entities` after the XML declaration of `xml` and a reference to `&ref;` in its text. */
function withDoctype(xml: string, entities: string, ref?: string): string {
  const declaration = /^<\?xml[^>]*\?>\s*/.exec(xml)?.[0] ?? '';
  const rest = xml.slice(declaration.length);
  const root = /^<([\w:.-]+)/.exec(rest)?.[1] ?? 'r';
  const doc = `${declaration}<!DOCTYPE ${root} [${entities}]>\n${rest}`;
  if (!ref) return doc;
  // The first element with text content gets the reference.
  return doc.replace(/>([^<>\s][^<>]*)</, `>&${ref};<`);
}

function xmlCases(op: FuzzOperation, sample: string | undefined, hugeBytes: number) {
  const xml = sample ?? '<?xml version="1.0" encoding="UTF-8"?>\n<Message><Head><id>1</id></Head></Message>';
  const cases: { kind: string; body: string | Buffer; bad: boolean; contentType?: string }[] = [
    { kind: 'xml-bomb', body: BILLION_LAUGHS, bad: true },
    {
      kind: 'xml-bomb-in-message',
      body: withDoctype(xml, BILLION_LAUGHS.split('[')[1].split(']')[0], 'lol9'),
      bad: true,
    },
    {
      kind: 'xml-quadratic-blowup',
      body: withDoctype(xml, `<!ENTITY a "${'a'.repeat(50_000)}">`).replace(
        />([^<>\s][^<>]*)</,
        `>${'&a;'.repeat(2000)}<`,
      ),
      bad: true,
    },
    {
      kind: 'xxe-file',
      body: withDoctype(xml, '<!ENTITY xxe SYSTEM "file:///etc/passwd">', 'xxe'),
      bad: true,
    },
    {
      kind: 'xxe-file',
      body: '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<r>&xxe;</r>',
      bad: true,
    },
    {
      kind: 'xxe-parameter-entity',
      body: withDoctype(xml, '<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;'),
      bad: true,
    },
    {
      kind: 'xxe-external-dtd',
      body: xml.replace(/^(<\?xml[^>]*\?>\s*)?/, '$1<!DOCTYPE r SYSTEM "file:///etc/passwd">\n'),
      bad: true,
    },
    { kind: 'xml-malformed', body: '<?xml version="1.0"?><a><b></a>', bad: true },
    { kind: 'xml-malformed', body: xml.slice(0, Math.floor(xml.length / 2)), bad: true },
    { kind: 'xml-nul', body: xml.replace(/>([^<>\s][^<>]*)</, '>a\u0000b<'), bad: true },
    { kind: 'xml-nul', body: xml.replace(/>([^<>\s][^<>]*)</, '>a&#0;b<'), bad: true },
    { kind: 'xml-surrogate-reference', body: xml.replace(/>([^<>\s][^<>]*)</, '>a&#xD800;b<'), bad: true },
    {
      kind: 'xml-malformed-utf8',
      body: malformedUtf8(xml),
      bad: true,
    },
    { kind: 'xml-empty', body: '', bad: true },
    {
      kind: 'xml-wrong-root',
      body: '<?xml version="1.0"?><NotACebMessage><x>1</x></NotACebMessage>',
      bad: true,
    },
    { kind: 'xml-json-body', body: '{"a":1}', bad: true },
    { kind: 'xml-huge', body: xml.replace(/>([^<>\s][^<>]*)</, `>${'x'.repeat(hugeBytes)}<`), bad: false },
    { kind: 'xml-deep', body: `${'<a>'.repeat(10_000)}x${'</a>'.repeat(10_000)}`, bad: true },
    {
      kind: 'xml-declared-gbk',
      body: Buffer.from(xml.replace(/encoding="[^"]*"/, 'encoding="GBK"')),
      bad: false,
    },
    { kind: 'xml-as-json', body: xml, bad: true, contentType: 'application/json' },
    { kind: 'xml-declared-utf16', body: xml.replace(/encoding="[^"]*"/, 'encoding="UTF-16"'), bad: false },
    {
      kind: 'xml-invalid-gbk',
      body: bytesInFirstText(xml.replace(/encoding="[^"]*"/, 'encoding="GBK"'), [0x81, 0x20, 0xff]),
      bad: true,
    },
    { kind: 'xml-utf16-bom', body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml)]), bad: true },
    { kind: 'xml-cdata-nul', body: xml.replace(/>([^<>\s][^<>]*)</, '><![CDATA[a\u0000b]]><'), bad: true },
    { kind: 'xml-odd-text', body: xml.replace(/>([^<>\s][^<>]*)</, `>${'9'.repeat(400)}<`), bad: false },
  ];
  return cases.map((c) => ({ ...c, contentType: c.contentType ?? 'application/xml', operation: op.id }));
}

/** The bytes of `xml` with `bytes` in place of its first text node. */
function bytesInFirstText(xml: string, bytes: number[]): Buffer {
  const marked = xml.replace(/>([^<>\s][^<>]*)</, '>\u0001<');
  const at = marked.indexOf('\u0001');
  const encoded = Buffer.from(marked);
  const offset = Buffer.byteLength(marked.slice(0, at));
  return Buffer.concat([encoded.subarray(0, offset), Buffer.from(bytes), encoded.subarray(offset + 1)]);
}

/** The text of `xml` with a byte sequence that is not UTF-8 in its first text node. */
const malformedUtf8 = (xml: string): Buffer => bytesInFirstText(xml, [0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80]);

// ---------------------------------------------------------------------------------------------------------------
// Parameters.

const HOSTILE_PATH_VALUES: { kind: string; raw: string; bad: boolean }[] = [
  { kind: 'path-nul', raw: '%00', bad: true },
  { kind: 'path-nul', raw: 'abc%00def', bad: true },
  { kind: 'path-surrogate', raw: '%ED%A0%80', bad: false },
  { kind: 'path-malformed-utf8', raw: '%FF%FE', bad: false },
  { kind: 'path-bad-escape', raw: '%E0%A4%A', bad: false },
  { kind: 'path-huge', raw: 'x'.repeat(4000), bad: false },
  { kind: 'path-traversal', raw: '..%2F..%2Fetc%2Fpasswd', bad: false },
  { kind: 'path-dashes', raw: '------------------------------------', bad: false },
  { kind: 'path-sql', raw: encodeURIComponent("' OR '1'='1"), bad: false },
  { kind: 'path-unicode', raw: encodeURIComponent('测试\u00e9'), bad: false },
  { kind: 'path-space', raw: '%20', bad: false },
  { kind: 'path-number', raw: '-1', bad: false },
  { kind: 'path-number', raw: '1e309', bad: false },
  { kind: 'path-json', raw: encodeURIComponent('{"$gt":""}'), bad: false },
];

function fillPath(op: FuzzOperation, values: Record<string, string>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? 'x');
}

function validLooking(op: FuzzOperation, p: Parameter, options: FuzzOptions): string {
  const given = options.pathValue?.(op, p.name);
  if (given !== undefined) return encodeURIComponent(given);
  const s = p.schema ?? {};
  if (s.example !== undefined) return encodeURIComponent(String(s.example));
  if (s.format === 'uuid' || /id$/i.test(p.name)) return '0b6f7f9e-3c1a-4e55-9d0e-2f1c7a9b8e11';
  return 'ZZ00000000';
}

function queryValueCases(p: Parameter, doc: OpenApiDocument): { kind: string; raw: string; bad: boolean }[] {
  const s = resolveSchema(doc, p.schema);
  const out: { kind: string; raw: string; bad: boolean }[] = [];
  const check = (kind: string, value: string, parsed: unknown = value) => {
    const bad = schemaErrors(doc, s, parsed).length > 0;
    out.push({ kind, raw: encodeURIComponent(value), bad });
  };
  if (s.type === 'number' || s.type === 'integer') {
    for (const v of ['abc', 'NaN', 'Infinity', '1e309', '0x10', '', ' ']) check('query-not-numeric', v, v);
    check('query-negative', '-1', -1);
    check('query-negative', '-99999999999999999999', -1e20);
    if (s.maximum !== undefined) check('query-range', String(s.maximum + 1), s.maximum + 1);
    if (s.minimum !== undefined) check('query-range', String(s.minimum - 1), s.minimum - 1);
    check('query-huge-number', '9'.repeat(400), Number('9'.repeat(400)));
  }
  if (s.enum) check('query-enum', 'ZZ-not-listed');
  if (s.type === 'boolean') check('query-not-boolean', 'maybe');
  check('query-nul', 'a\u0000b');
  out.push({ kind: 'query-surrogate', raw: '%ED%A0%80', bad: false });
  out.push({ kind: 'query-malformed-utf8', raw: '%FF', bad: false });
  out.push({ kind: 'query-huge', raw: 'x'.repeat(4000), bad: false });
  out.push({ kind: 'query-empty', raw: '', bad: false });
  out.push({ kind: 'query-base64-garbage', raw: encodeURIComponent('!!!!'), bad: false });
  out.push({
    kind: 'query-base64',
    raw: Buffer.from('r1:-99999999999999999999999:0').toString('base64url'),
    bad: false,
  });
  out.push({ kind: 'query-base64', raw: Buffer.from('\u0000\u0000').toString('base64url'), bad: false });
  out.push({ kind: 'query-sql', raw: encodeURIComponent("1' OR '1'='1"), bad: false });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Cases.

const seedOf = (seed: number, text: string): number => {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
};

/** Every case for one operation: parameters first, then bodies. */
export function casesFor(doc: OpenApiDocument, op: FuzzOperation, options: FuzzOptions): FuzzCase[] {
  const hugeBytes = options.hugeBytes ?? 1024 * 1024;
  const depth = options.depth ?? 10_000;
  const seed = seedOf(options.seed, op.id);
  const cases: FuzzCase[] = [];
  const validPath: Record<string, string> = {};
  for (const p of op.pathParams) validPath[p.name] = validLooking(op, p, options);
  const baseUrl = fillPath(op, validPath);
  const jsonHeaders = { 'content-type': 'application/json' };

  const bodyOk = op.media.length > 0;
  // The base every coverage mutation starts from: a documented example of the whole body if one follows the
  // schema, else a value made of the field examples. Its only defect is then the mutation put in it.
  const schemaOf = op.jsonSchema;
  const documented = schemaOf && op.bodyExamples.find((e) => schemaErrors(doc, schemaOf, e).length === 0);
  const base: unknown =
    bodyOk && schemaOf
      ? (documented ?? fc.sample(valueArbitrary(doc, schemaOf, 0, true), { seed, numRuns: 1 })[0])
      : undefined;
  const baseBody = base === undefined ? undefined : JSON.stringify(base);
  const withBase = (c: Omit<FuzzCase, 'operation' | 'method'>): FuzzCase => ({
    operation: op.id,
    method: op.method,
    ...c,
    // A body where the operation takes one, so that the case tests what it names and not a missing body.
    ...(c.body === undefined && baseBody !== undefined
      ? { body: baseBody, headers: { ...jsonHeaders, ...c.headers } }
      : {}),
  });

  // Path parameters: hostile values in each, the others valid-looking.
  for (const p of op.pathParams) {
    for (const h of HOSTILE_PATH_VALUES) {
      cases.push(
        withBase({
          kind: h.kind,
          url: fillPath(op, { ...validPath, [p.name]: h.raw }),
          headers: {},
          bad: h.bad,
          excerpt: `{${p.name}}=${h.raw.slice(0, 24)}`,
        }),
      );
    }
  }

  // Query parameters: each with wrong and hostile values, one at a time; then the same one given twice.
  for (const p of op.queryParams) {
    for (const q of queryValueCases(p, doc)) {
      cases.push(
        withBase({
          kind: q.kind,
          url: `${baseUrl}?${p.name}=${q.raw}`,
          headers: {},
          bad: q.bad,
          excerpt: `?${p.name}=${q.raw.slice(0, 24)}`,
        }),
      );
    }
    cases.push(
      withBase({
        kind: 'query-repeated',
        url: `${baseUrl}?${p.name}=1&${p.name}=2`,
        headers: {},
        bad: false,
        excerpt: `?${p.name} twice`,
      }),
    );
  }

  // A parameter the operation does not know, with a NUL: ignored or refused, never a 5xx.
  cases.push(
    withBase({
      kind: 'query-unknown',
      url: `${baseUrl}?__fuzz=%00`,
      headers: {},
      bad: false,
      excerpt: '?__fuzz=%00',
    }),
  );

  // Anonymous and forged credentials on a secured operation: never accepted.
  if (op.secured) {
    const forged = [
      ['no-credentials', undefined],
      ['bearer-garbage', 'Bearer \u00ff\u00fe'],
      [
        'bearer-alg-none',
        `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"kind":"operator","scope":"registry:write"}').toString('base64url')}.`,
      ],
      ['basic-instead-of-bearer', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['bearer-huge', `Bearer ${'a'.repeat(6000)}`],
    ] as const;
    for (const [kind, authorization] of forged) {
      cases.push(
        withBase({
          kind: `auth:${kind}`,
          url: baseUrl,
          headers: authorization ? { authorization } : {},
          bad: true,
          excerpt: kind,
          anonymous: true,
        }),
      );
    }
  }

  if (!bodyOk) return cases;
  const jsonCase = (
    kind: string,
    body: string | Buffer,
    bad: boolean,
    excerpt: string,
    contentType = 'application/json',
  ) =>
    cases.push({
      operation: op.id,
      method: op.method,
      kind,
      url: baseUrl,
      headers: { 'content-type': contentType },
      body,
      bad,
      excerpt,
    });

  if (op.jsonSchema) {
    const schema = op.jsonSchema;
    const bad = (value: unknown) => schemaErrors(doc, schema, value).length > 0;
    // Coverage: every mutation of every position of the base value (NUL and surrogates in every string).
    const positions = positionsOf(doc, schema, base);
    const seen = new Set<string>();
    for (const [index, position] of positions.entries()) {
      for (const mutation of mutationsAt(position, hugeBytes, index)) {
        const key = `${mutation.kind}@${describePath(mutation.path)}`;
        // One huge value per operation is enough to see what a 1 MB field does; the rest are repeats.
        if (mutation.kind === 'huge' && [...seen].some((k) => k.startsWith('huge@'))) continue;
        seen.add(key);
        const mutated = applyMutation(base, mutation);
        jsonCase(
          mutation.kind,
          JSON.stringify(mutated),
          bad(mutated),
          `${describePath(mutation.path)}: ${mutation.remove ? 'removed' : shapeOf(mutation.value)}`,
        );
      }
    }
    // Random: the base or fresh values from the schema, each with one or two random mutations: a targeted one,
    // or any JSON value at all in a random place (bad or not, as the validator finds).
    const anyJson = fc.jsonValue({ maxDepth: 3 });
    const startFrom = fc.oneof(fc.constant(base), valueArbitrary(doc, schema));
    const mutationOf = (value: unknown): fc.Arbitrary<Mutation | undefined> => {
      const places = positionsOf(doc, schema, value);
      const targeted = places.flatMap((p, i) => mutationsAt(p, 64, i));
      const inner = places.filter((p) => p.path.length > 0);
      const anywhere = inner.length
        ? fc
            .tuple(fc.constantFrom(...inner), anyJson)
            .map(([p, v]): Mutation => ({ kind: 'any-json', path: p.path, value: v }))
        : undefined;
      if (!targeted.length) return anywhere ?? fc.constant(undefined);
      const some = fc.constantFrom(...targeted);
      return anywhere ? fc.oneof({ weight: 3, arbitrary: some }, { weight: 1, arbitrary: anywhere }) : some;
    };
    const random = fc.sample(
      startFrom.chain((value) =>
        mutationOf(value).chain((first) => {
          const once = first ? applyMutation(value, first) : value;
          return fc.option(mutationOf(once), { freq: 2 }).map((second) => ({
            value: second ? applyMutation(once, second) : once,
            mutations: [first, second],
          }));
        }),
      ),
      { seed: seed + 1, numRuns: options.randomPerOperation ?? 20 },
    );
    for (const { value, mutations } of random) {
      const applied = mutations.filter((m): m is Mutation => m !== undefined && m !== null);
      if (!applied.length) continue;
      jsonCase(
        `random:${applied.map((m) => m.kind).join('+')}`,
        JSON.stringify(value),
        bad(value),
        applied.map((m) => `${describePath(m.path)}: ${m.remove ? 'removed' : shapeOf(m.value)}`).join('; '),
      );
    }

    // Whole bodies.
    for (const root of ['null', '"x"', '42', 'true', '[]', '[null]', '{}']) {
      jsonCase('root-value', root, bad(JSON.parse(root)), `body ${root}`);
    }
    // A batch, where the body may be an array of documents: the same one twice, and one too many.
    const batch = resolveSchema(doc, schema)
      .oneOf?.map((b) => resolveSchema(doc, b))
      .find((b) => b.type === 'array');
    if (batch && base !== undefined) {
      jsonCase('batch-repeated', JSON.stringify([base, base]), bad([base, base]), 'the same document twice');
      if (batch.maxItems !== undefined) {
        const many = Array.from({ length: batch.maxItems + 1 }, () => base);
        jsonCase('batch-too-large', JSON.stringify(many), bad(many), `${many.length} documents`);
      }
    }
    jsonCase('deep-object', deepObject(depth), true, `object nested ${depth} deep`);
    jsonCase('deep-array', deepArray(depth), true, `array nested ${depth} deep`);
    jsonCase('deep-object-moderate', deepObject(200), true, 'object nested 200 deep');
    if (isObject(base)) {
      const duplicated = withDuplicateKey(base);
      if (duplicated) jsonCase('duplicate-key', duplicated, true, `key ${Object.keys(base)[0]} twice`);
      const inner = positions.find((p) => p.path.length > 0 && isObject(p.value));
      if (inner && baseBody) {
        const innerText = JSON.stringify(inner.value);
        const dup = withDuplicateKey(inner.value as Record<string, unknown>);
        if (dup)
          jsonCase(
            'duplicate-key',
            baseBody.replace(innerText, dup),
            true,
            `${describePath(inner.path)}: key twice`,
          );
      }
    }
    if (baseBody) {
      const stringAt = baseBody.search(/":"[^"\\]/);
      if (stringAt > 0) {
        const bytes = Buffer.from(baseBody);
        const cut = Buffer.byteLength(baseBody.slice(0, stringAt + 3));
        jsonCase(
          'malformed-utf8',
          Buffer.concat([bytes.subarray(0, cut), Buffer.from([0xc3, 0x28]), bytes.subarray(cut)]),
          true,
          'bytes C3 28 in a string',
        );
        jsonCase(
          'malformed-utf8',
          Buffer.concat([bytes.subarray(0, cut), Buffer.from([0xed, 0xa0, 0x80]), bytes.subarray(cut)]),
          true,
          'CESU surrogate bytes in a string',
        );
        jsonCase(
          'raw-control-char',
          baseBody.slice(0, stringAt + 3) + '\u0001' + baseBody.slice(stringAt + 3),
          true,
          'raw U+0001 in a string',
        );
      }
      jsonCase(
        'invalid-json',
        baseBody.slice(0, Math.max(1, Math.floor(baseBody.length / 2))),
        true,
        'truncated',
      );
      jsonCase('invalid-json', `${baseBody},`, true, 'trailing comma');
      jsonCase('invalid-json', baseBody.replace(/"/g, "'"), baseBody.includes('"'), 'single quotes');
      jsonCase('bom', `\ufeff${baseBody}`, false, 'leading BOM');
      jsonCase('utf16', Buffer.from(baseBody, 'utf16le'), true, 'UTF-16LE bytes');
      // Wrong content types: the JSON text under a type the operation does not take.
      const wrongTypes = [
        'text/plain',
        'application/json; charset=gbk',
        'application/json; charset=iso-8859-1',
        'application/octet-stream',
        'application/x-www-form-urlencoded',
        'text/html',
      ];
      for (const type of wrongTypes)
        if (!op.media.includes(type)) jsonCase(`content-type:${type}`, baseBody, true, type, type);
      const boundary = 'fuzzboundary';
      const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\nContent-Type: application/json\r\n\r\n${baseBody}\r\n--${boundary}--\r\n`;
      jsonCase(
        'content-type:multipart',
        multipart,
        true,
        'multipart/form-data',
        `multipart/form-data; boundary=${boundary}`,
      );
      if (!op.media.includes('application/xml'))
        jsonCase('content-type:application/xml', baseBody, true, 'JSON as XML', 'application/xml');
      cases.push({
        operation: op.id,
        method: op.method,
        kind: 'no-content-type',
        url: baseUrl,
        headers: {},
        body: baseBody,
        bad: true,
        excerpt: 'no Content-Type',
      });
    }
    if (op.bodyRequired) jsonCase('empty-body', '', true, 'empty body');

    // Numbers JSON can write but JavaScript reads loosely: written as raw text in every number position.
    const numbers = positions.filter((p) => typeof p.value === 'number');
    for (const [i, p] of numbers.entries()) {
      const raw = RAW_NUMBERS[i % RAW_NUMBERS.length];
      const marked = JSON.stringify(
        applyMutation(base, { kind: 'raw-number', path: p.path, value: '\u0001RAW\u0001' }),
      );
      const parsed = JSON.parse(marked.replace('"\\u0001RAW\\u0001"', raw)) as unknown;
      jsonCase(
        'raw-number',
        marked.replace('"\\u0001RAW\\u0001"', raw),
        bad(parsed),
        `${describePath(p.path)}: ${raw.slice(0, 24)}`,
      );
    }

    // Encodings the server does not announce: a gzip bomb (10 MB of zeros) and bytes that are not brotli.
    if (baseBody) {
      const bomb = gzipBomb();
      cases.push({
        operation: op.id,
        method: op.method,
        kind: 'content-encoding',
        url: baseUrl,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: bomb,
        bad: true,
        excerpt: 'gzip bomb',
      });
      cases.push({
        operation: op.id,
        method: op.method,
        kind: 'content-encoding',
        url: baseUrl,
        headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
        body: baseBody,
        bad: true,
        excerpt: 'br, not brotli',
      });
    }
  }

  // Header parameters (Idempotency-Key, ...) with hostile values, and a hostile correlation id and Accept.
  const headerBody = baseBody !== undefined ? { body: baseBody } : {};
  const contentType = baseBody !== undefined ? jsonHeaders : {};
  for (const p of op.headerParams) {
    for (const [kind, value] of HOSTILE_HEADER_VALUES) {
      cases.push({
        operation: op.id,
        method: op.method,
        kind: `header-${kind}`,
        url: baseUrl,
        headers: { ...contentType, [p.name.toLowerCase()]: value },
        ...headerBody,
        bad: false,
        excerpt: `${p.name} ${kind}`,
      });
    }
  }
  for (const [kind, value] of HOSTILE_HEADER_VALUES.slice(0, 3)) {
    cases.push({
      operation: op.id,
      method: op.method,
      kind: `correlation-${kind}`,
      url: baseUrl,
      headers: { ...contentType, 'x-correlation-id': value },
      ...headerBody,
      bad: false,
      excerpt: `x-correlation-id ${kind}`,
    });
  }
  for (const accept of [
    'application/xml',
    '*/*;q=abc',
    'application/json;q=0, application/xml;q=0',
    'text/html',
    'x'.repeat(4000),
  ]) {
    cases.push({
      operation: op.id,
      method: op.method,
      kind: 'accept',
      url: baseUrl,
      headers: { ...contentType, accept },
      ...headerBody,
      bad: false,
      excerpt: `Accept ${accept.slice(0, 40)}`,
    });
  }

  if (op.media.includes('application/x-www-form-urlencoded') && isObject(base)) {
    for (const f of formCases(doc, op, base, hugeBytes)) {
      cases.push({
        operation: op.id,
        method: op.method,
        url: baseUrl,
        headers: { 'content-type': f.contentType ?? 'application/x-www-form-urlencoded' },
        ...f,
      });
    }
  }

  // Last, the documented example itself: not asserted beyond "no 5xx" (it may conflict with what came before).
  if (documented !== undefined) {
    cases.push({
      operation: op.id,
      method: op.method,
      kind: 'valid-example',
      url: baseUrl,
      headers: jsonHeaders,
      body: JSON.stringify(documented),
      bad: false,
      excerpt: 'the documented example',
    });
  }

  if (op.media.includes('application/xml')) {
    for (const x of xmlCases(op, options.xmlSample?.(op), hugeBytes)) {
      cases.push({
        operation: op.id,
        method: op.method,
        kind: x.kind,
        url: baseUrl,
        headers: { 'content-type': x.contentType },
        body: x.body,
        bad: x.bad,
        excerpt: x.kind,
      });
    }
  }
  return cases;
}

/** Form bodies (`a=1&b=2`) from the base value, broken one field at a time. */
function formCases(
  doc: OpenApiDocument,
  op: FuzzOperation,
  base: Record<string, unknown>,
  hugeBytes: number,
) {
  const schema = op.jsonSchema;
  const entries = Object.entries(base).filter(([, v]) => typeof v === 'string') as [string, string][];
  const form = (pairs: [string, string][]) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const bad = (pairs: [string, string][]) => schemaErrors(doc, schema, Object.fromEntries(pairs)).length > 0;
  const out: { kind: string; body: string | Buffer; bad: boolean; excerpt: string; contentType?: string }[] =
    [];
  entries.forEach(([key], i) => {
    const replaced = (v: string): [string, string][] => entries.map(([k, old], j) => [k, j === i ? v : old]);
    out.push({ kind: 'form-nul', body: form(replaced('a\u0000b')), bad: true, excerpt: `${key}: NUL` });
    out.push({
      kind: 'form-surrogate',
      body: form(entries).replace(`${encodeURIComponent(key)}=`, `${encodeURIComponent(key)}=%ED%A0%80`),
      bad: false,
      excerpt: `${key}: CESU surrogate bytes`,
    });
    out.push({
      kind: 'form-malformed-escape',
      body: form(entries).replace(`${encodeURIComponent(key)}=`, `${encodeURIComponent(key)}=%E0%A4%A`),
      bad: false,
      excerpt: `${key}: bad %-escape`,
    });
    out.push({
      kind: 'form-huge',
      body: form(replaced('x'.repeat(hugeBytes))),
      bad: bad(replaced('x'.repeat(hugeBytes))),
      excerpt: `${key}: huge`,
    });
    out.push({
      kind: 'form-empty',
      body: form(replaced('')),
      bad: bad(replaced('')),
      excerpt: `${key}: empty`,
    });
    out.push({
      kind: 'form-duplicate-key',
      body: `${form(entries)}&${encodeURIComponent(key)}=decoy`,
      bad: true,
      excerpt: `${key} twice`,
    });
    const without = entries.filter((_, j) => j !== i);
    out.push({ kind: 'form-missing', body: form(without), bad: bad(without), excerpt: `${key} missing` });
  });
  out.push({
    kind: 'form-unknown-field',
    body: `${form(entries)}&__fuzz=1`,
    bad: true,
    excerpt: 'unknown field',
  });
  out.push({
    kind: 'form-charset-gbk',
    body: form(entries),
    bad: false,
    excerpt: 'charset=gbk',
    contentType: 'application/x-www-form-urlencoded; charset=gbk',
  });
  out.push({
    kind: 'form-malformed-utf8',
    body: Buffer.concat([Buffer.from(form(entries)), Buffer.from([0x26, 0x61, 0x3d, 0xc3, 0x28])]),
    bad: false,
    excerpt: 'raw bytes C3 28',
  });
  out.push({ kind: 'form-empty-body', body: '', bad: op.bodyRequired, excerpt: 'empty body' });
  return out;
}

/** Every case for every operation of the document. */
export function fuzzCases(
  doc: OpenApiDocument,
  options: FuzzOptions,
  only?: (op: FuzzOperation) => boolean,
): FuzzCase[] {
  return listOperations(doc)
    .filter((op) => !only || only(op))
    .flatMap((op) => casesFor(doc, op, options));
}
