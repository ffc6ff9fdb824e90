import * as fc from 'fast-check';

import {
  BILLION_LAUGHS,
  casesFor,
  deepObject,
  fuzzCases,
  listOperations,
  type OpenApiDocument,
  positionsOf,
  schemaErrors,
  valueArbitrary,
  withDuplicateKey,
} from './openapi-fuzz';

/** A small document with what the served one uses: $ref, oneOf, enums, lengths, arrays, query and path params. */
const DOC: OpenApiDocument = {
  paths: {
    '/v1/things': {
      post: {
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { $ref: '#/components/schemas/Thing' },
                  { type: 'array', items: { $ref: '#/components/schemas/Thing' }, minItems: 1, maxItems: 3 },
                ],
              },
              examples: { one: { value: { name: 'lamp', kind: 'a', tags: ['x'], size: { width: 2 } } } },
            },
            'application/xml': { schema: { type: 'string' } },
          },
        },
        responses: {},
      },
      get: {
        security: [{ bearer: [] }],
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'number', minimum: 1, maximum: 200 } },
          { name: 'kind', in: 'query', schema: { type: 'string', enum: ['a', 'b'] } },
        ],
        responses: {},
      },
    },
    '/v1/things/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true }], responses: {} } },
    '/token': {
      post: {
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Token' } },
            'application/json': { schema: { $ref: '#/components/schemas/Token' } },
          },
        },
        responses: {},
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 10, example: 'lamp' },
          kind: { type: 'string', enum: ['a', 'b'] },
          note: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
          size: { $ref: '#/components/schemas/Size' },
        },
        required: ['name', 'kind'],
      },
      Size: { type: 'object', properties: { width: { type: 'number', minimum: 0 } }, required: ['width'] },
      Token: {
        type: 'object',
        properties: {
          grant_type: { type: 'string', enum: ['client_credentials'] },
          client_id: { type: 'string' },
        },
        required: ['grant_type'],
      },
    },
  },
};

const THING = { $ref: '#/components/schemas/Thing' };
const op = (id: string) => listOperations(DOC).find((o) => o.id === id)!;

describe('schemaErrors', () => {
  const valid = { name: 'lamp', kind: 'a', tags: ['x'], size: { width: 2 } };

  it('accepts a value that follows the schema', () => {
    expect(schemaErrors(DOC, THING, valid)).toEqual([]);
  });

  it.each([
    ['a wrong type', { ...valid, name: 42 }, 'name: not string'],
    ['a missing required field', { kind: 'a' }, 'name: missing'],
    ['a value outside the enum', { ...valid, kind: 'z' }, 'kind: not in enum'],
    ['a string too long', { ...valid, name: 'x'.repeat(11) }, 'name: longer than 10'],
    ['too many items', { ...valid, tags: ['a', 'b', 'c'] }, 'tags: more than 2'],
    ['a number below its minimum', { ...valid, size: { width: -1 } }, 'size.width: below 0'],
    ['an unknown field (the API refuses them)', { ...valid, extra: 1 }, 'extra: unknown field'],
    [
      'an inherited name as a field',
      JSON.parse('{"name":"l","kind":"a","constructor":{}}'),
      'constructor: unknown field',
    ],
    ['null where the field is not nullable', { ...valid, note: null }, 'note: null'],
    ['a NUL in a text', { ...valid, note: 'a\u0000b' }, 'note: NUL'],
    ['a lone surrogate in a text', { ...valid, note: 'a\ud800' }, 'note: lone surrogate'],
  ])('finds %s', (_what, value, error) => {
    expect(schemaErrors(DOC, THING, value)).toContain(error);
  });

  it('accepts a surrogate pair, and a oneOf value matching any branch', () => {
    expect(schemaErrors(DOC, THING, { ...valid, note: '\ud83d\ude00' })).toEqual([]);
    const body = op('POST /v1/things').jsonSchema;
    expect(schemaErrors(DOC, body, [valid, valid])).toEqual([]);
    expect(schemaErrors(DOC, body, [])).not.toEqual([]);
  });
});

describe('valueArbitrary', () => {
  it('generates only values that follow the schema (property)', () => {
    fc.assert(
      fc.property(valueArbitrary(DOC, op('POST /v1/things').jsonSchema), (value) => {
        expect(schemaErrors(DOC, op('POST /v1/things').jsonSchema, value)).toEqual([]);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('casesFor', () => {
  const options = { seed: 7, hugeBytes: 2048, depth: 500 };
  const post = casesFor(DOC, op('POST /v1/things'), options);

  it('is deterministic for a seed', () => {
    expect(casesFor(DOC, op('POST /v1/things'), options)).toEqual(post);
  });

  it('marks a JSON case bad exactly when its body breaks the schema, and most of them are', () => {
    const schema = op('POST /v1/things').jsonSchema;
    const parsed = post.filter(
      (c) => c.headers['content-type'] === 'application/json' && typeof c.body === 'string',
    );
    const checked = parsed.flatMap((c) => {
      try {
        return [{ c, value: JSON.parse(c.body as string) as unknown }];
      } catch {
        return [];
      }
    });
    const schemaKinds = new Set([
      ...[
        'wrong-type',
        'null',
        'enum',
        'max-length',
        'range',
        'nul',
        'surrogate',
        'empty',
        'huge',
        'max-items',
      ],
      ...['unknown-field', 'missing-required', 'root-value'],
    ]);
    const mutations = checked.filter(({ c }) => schemaKinds.has(c.kind.replace(/^random:/, '')));
    for (const { c, value } of mutations)
      expect([c.kind, c.bad]).toEqual([c.kind, schemaErrors(DOC, schema, value).length > 0]);
    expect(mutations.filter(({ c }) => c.bad).length).toBeGreaterThan(mutations.length * 0.7);
  });

  it('puts a NUL and a lone surrogate in every string position of the example', () => {
    const example = op('POST /v1/things').bodyExamples[0];
    const strings = positionsOf(DOC, op('POST /v1/things').jsonSchema, example).filter(
      (p) => typeof p.value === 'string',
    );
    expect(strings.length).toBe(3);
    for (const kind of ['nul', 'surrogate'])
      expect(post.filter((c) => c.kind === kind && c.bad)).toHaveLength(3);
  });

  it('builds the hostile bodies: deep nesting, duplicate keys, wrong content types, XML bombs and entities', () => {
    const kinds = new Set(post.map((c) => c.kind));
    for (const kind of [
      'deep-object',
      'deep-array',
      'duplicate-key',
      'malformed-utf8',
      'empty-body',
      'unknown-field',
    ]) {
      expect(kinds).toContain(kind);
    }
    for (const kind of [
      'content-type:text/plain',
      'content-type:application/json; charset=gbk',
      'content-type:multipart',
    ]) {
      expect(kinds).toContain(kind);
    }
    for (const kind of ['xml-bomb', 'xxe-file', 'xxe-parameter-entity', 'xml-malformed-utf8'])
      expect(kinds).toContain(kind);
    for (const kind of [
      'content-encoding',
      'raw-number',
      'odd-text',
      'accept',
      'correlation-huge',
      'batch-too-large',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(post.find((c) => c.kind === 'raw-number')!.body).toMatch(/"width":1e999/);
    expect(post.find((c) => c.kind === 'deep-object')!.body).toBe(deepObject(500));
    const xxe = post.filter((c) => c.kind === 'xxe-file').map((c) => String(c.body));
    expect(xxe.every((x) => x.includes('SYSTEM "file:///etc/passwd"') && x.includes('&xxe;'))).toBe(true);
    const malformed = post.find((c) => c.kind === 'malformed-utf8')!.body as Buffer;
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(malformed)).toThrow();
  });

  it('sends forged and missing credentials to a secured operation, all bad', () => {
    const auth = post.filter((c) => c.kind.startsWith('auth:'));
    expect(auth.length).toBeGreaterThanOrEqual(5);
    expect(auth.every((c) => c.bad && c.anonymous)).toBe(true);
  });

  it('breaks query parameters by their schema and path parameters with hostile values', () => {
    const list = casesFor(DOC, op('GET /v1/things'), options);
    const bad = (q: string) => list.find((c) => c.url.endsWith(q))?.bad;
    expect(bad('?limit=abc')).toBe(true);
    expect(bad('?limit=201')).toBe(true);
    expect(bad('?limit=-1')).toBe(true);
    expect(bad('?kind=ZZ-not-listed')).toBe(true);
    expect(bad('?kind=a%00b')).toBe(true);
    const one = casesFor(DOC, op('GET /v1/things/{id}'), options);
    expect(one.filter((c) => c.kind === 'path-nul').map((c) => c.url)).toEqual([
      '/v1/things/%00',
      '/v1/things/abc%00def',
    ]);
    expect(one.every((c) => !c.url.includes('{'))).toBe(true);
  });

  it('breaks form bodies field by field', () => {
    const form = casesFor(DOC, op('POST /token'), options).filter((c) => c.kind.startsWith('form-'));
    expect(form.find((c) => c.kind === 'form-nul')?.body).toContain('%00');
    expect(form.find((c) => c.kind === 'form-duplicate-key')?.bad).toBe(true);
  });

  it('covers every operation of the document', () => {
    const all = fuzzCases(DOC, options);
    expect(new Set(all.map((c) => c.operation))).toEqual(new Set(listOperations(DOC).map((o) => o.id)));
  });
});

describe('raw bodies', () => {
  it('gives the first key twice, the first time with another value', () => {
    const text = withDuplicateKey({ ebpCode: 'A', x: 1 })!;
    expect(text).toBe('{"ebpCode":"AX","ebpCode":"A","x":1}');
    expect(JSON.parse(text)).toEqual({ ebpCode: 'A', x: 1 });
  });

  it('nests the billion laughs ten deep', () => {
    expect(BILLION_LAUGHS).toContain('<!ENTITY lol9 "&lol8;&lol8;');
    expect(BILLION_LAUGHS).toContain('<lolz>&lol9;</lolz>');
  });
});
