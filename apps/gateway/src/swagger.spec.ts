import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Operation {
  tags?: string[];
  description?: string;
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown; examples?: object }> };
}
interface Document {
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const doc = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8')) as Document;

/** Formats Swagger UI fills with a plausible sample (a date, a uuid…) rather than the word "string". */
const SAMPLED_FORMATS = [
  'date',
  'date-time',
  'time',
  'uuid',
  'email',
  'uri',
  'hostname',
  'ipv4',
  'ipv6',
  'binary',
];

/**
 * Where Swagger UI's request body (JSON, form fields) would hold the placeholder "string": a string property with
 * no example, default, enum or sampled format, or an example that is the word itself. `at` names the schema path.
 */
function placeholders(schema: Schema | undefined, at: string, seen: Set<string>): string[] {
  if (!schema) return [];
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return seen.has(name) ? [] : placeholders(doc.components.schemas[name], name, new Set([...seen, name]));
  }
  const found = [schema.allOf, schema.oneOf, schema.anyOf]
    .flatMap((list) => list ?? [])
    .flatMap((s) => placeholders(s, at, seen));
  if (JSON.stringify(schema.example ?? null).includes('"string"')) return [...found, `${at} (example)`];
  if (schema.example !== undefined || schema.default !== undefined) return found;
  if (schema.properties) {
    return [
      ...found,
      ...Object.entries(schema.properties).flatMap(([name, s]) => placeholders(s, `${at}.${name}`, seen)),
    ];
  }
  if (schema.type === 'array') return [...found, ...placeholders(schema.items, `${at}[]`, seen)];
  const sampled = schema.enum !== undefined || SAMPLED_FORMATS.includes(schema.format ?? '');
  return schema.type === 'string' && !sampled ? [...found, at] : found;
}

describe('the console (docs/openapi.json)', () => {
  it('declares every tag an operation uses, with a description', () => {
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description ?? '']));
    const used = new Set(
      Object.values(doc.paths).flatMap((p) => Object.values(p).flatMap((op) => op.tags ?? [])),
    );
    expect([...used].filter((t) => !declared.get(t))).toEqual([]);
  });

  it('tells every document endpoint where a fresh document comes from in local mode: its flow’s demo sets', () => {
    const documents = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.values(item)
        .filter((op) => op.tags?.some((t) => t.endsWith(' documents')))
        .map((op) => ({ path, flow: op.tags![0].split(' ')[0], description: op.description ?? '' })),
    );
    expect(documents.length).toBeGreaterThan(15);
    for (const { path, flow, description } of documents) {
      expect([path, description]).toEqual([path, expect.stringContaining(`POST /v1/demo/${flow}-sets`)]);
      expect([path, description]).toEqual([path, expect.stringContaining('本地模式')]);
    }
  });

  it('prefills no request body with the placeholder "string": every string field has an example', () => {
    const found = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
          const where = `${method.toUpperCase()} ${path} ${type}`;
          if (JSON.stringify([media.example, media.examples]).includes('"string"')) found.add(where);
          if (media.example !== undefined || media.examples !== undefined) continue;
          for (const field of placeholders(media.schema, where, new Set())) found.add(field);
        }
      }
    }
    expect([...found]).toEqual([]);
  });
});
