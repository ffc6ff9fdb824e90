import { parseStrictJson, scanJsonStructure, StrictJsonError } from './strict-json';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const refusal = (fn: () => unknown): StrictJsonError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof StrictJsonError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('parseStrictJson', () => {
  it('parses UTF-8 JSON, with or without charset=utf-8, and drops a BOM', () => {
    expect(parseStrictJson(bytes('{"a":"中文","b":[1,{"c":null}]}'), 'application/json')).toEqual({
      a: '中文',
      b: [1, { c: null }],
    });
    expect(parseStrictJson(bytes('\uFEFF{"a":1}'), 'application/json; charset=UTF-8')).toEqual({ a: 1 });
  });

  it('refuses a declared charset other than UTF-8 with 415', () => {
    const e = refusal(() => parseStrictJson(bytes('{"a":1}'), 'application/json; charset=gbk'));
    expect(e.status).toBe(415);
    expect(e.errors[0]).toMatchObject({ path: 'Content-Type', rule: 'encoding.jsonIsUtf8' });
  });

  it('refuses malformed UTF-8 with the offset of the bad byte', () => {
    const body = Buffer.concat([bytes('{"a":"'), Buffer.from([0xd6, 0xd0]), bytes('"}')]);
    const e = refusal(() => parseStrictJson(body, 'application/json'));
    expect(e.errors[0]).toMatchObject({ rule: 'encoding.utf8' });
    expect(e.errors[0].message).toContain('offset 6');
    // An encoded surrogate (CESU-8) and an overlong form are not UTF-8 either.
    expect(
      refusal(() => parseStrictJson(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), undefined)).status,
    ).toBe(400);
    expect(refusal(() => parseStrictJson(Buffer.from([0x22, 0xc0, 0xaf, 0x22]), undefined)).status).toBe(400);
  });

  it('refuses a key given twice, naming where', () => {
    const e = refusal(() =>
      parseStrictJson(bytes('{"OrderHead":{"ebpCode":"A","x":"{\\"ebpCode\\"","ebpCode":"B"}}'), undefined),
    );
    expect(e.errors[0]).toMatchObject({ path: 'OrderHead.ebpCode', rule: 'json.duplicateKey' });
    // Escaped spellings of the same key are the same key.
    expect(refusal(() => parseStrictJson(bytes('{"ab":1,"\\u0061b":2}'), undefined)).errors[0].rule).toBe(
      'json.duplicateKey',
    );
    // Same key in sibling objects, or in array items, is fine.
    expect(parseStrictJson(bytes('[{"a":1},{"a":2}]'), undefined)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('refuses deep nesting before parsing it', () => {
    const deep = `${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    expect(refusal(() => parseStrictJson(bytes(deep), undefined)).errors[0].rule).toBe('json.maxDepth');
    const unterminated = '{"x":'.repeat(100_000);
    expect(refusal(() => parseStrictJson(bytes(unterminated), undefined)).errors[0].rule).toBe(
      'json.maxDepth',
    );
  });

  it('refuses NUL and lone surrogates in values and keys, with the path', () => {
    expect(
      refusal(() => parseStrictJson(bytes('{"a":{"b":"x\\u0000"}}'), undefined)).errors[0],
    ).toMatchObject({
      path: 'a.b',
      rule: 'text.noNul',
    });
    expect(
      refusal(() => parseStrictJson(bytes('{"a":["ok","\\ud800"]}'), undefined)).errors[0],
    ).toMatchObject({
      path: 'a[1]',
      rule: 'text.wellFormed',
    });
    expect(refusal(() => parseStrictJson(bytes('{"\\u0000":1}'), undefined)).errors[0].rule).toBe(
      'text.noNul',
    );
    // A correct surrogate pair is a character.
    expect(parseStrictJson(bytes('{"a":"\\ud83d\\ude00"}'), undefined)).toEqual({ a: '😀' });
  });

  it('refuses prototype keys and reports syntax errors as 400', () => {
    expect(refusal(() => parseStrictJson(bytes('{"__proto__":{"x":1}}'), undefined)).errors[0].rule).toBe(
      'json.forbiddenKey',
    );
    // Found by the fuzz suite: {"reason":"…","constructor":{}} was accepted (class-transformer drops the key).
    expect(
      refusal(() => parseStrictJson(bytes('{"a":{"constructor":{}}}'), undefined)).errors[0],
    ).toMatchObject({
      path: 'a.constructor',
      rule: 'json.forbiddenKey',
    });
    expect(refusal(() => parseStrictJson(bytes('{"a":'), undefined)).errors[0].rule).toBe('json.syntax');
  });

  it('tracks array positions in paths', () => {
    expect(scanJsonStructure('[{"a":1},{"b":1,"b":2}]')[0].path).toBe('[1].b');
  });
});
