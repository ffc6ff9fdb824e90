import type { Type } from '@nestjs/common';

import { DEMO_ENTERPRISES } from '../ceb/demo-enterprises';

type Schema = Record<string, unknown>;

/** @nestjs/swagger's metadata keys: the `example` of an `@ApiProperty` is read from there. */
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';
const MAX_DEPTH = 8;
/** Properties whose rule no schema can say (a check digit): an example by name. */
const BY_NAME: Record<string, string> = { creditCode: DEMO_ENTERPRISES.platform.creditCode };

/** The `example` a class's `@ApiProperty` gives a property, if any. */
function swaggerExample(cls: Type<unknown> | undefined, property: string): unknown {
  if (!cls) return undefined;
  const meta = Reflect.getMetadata?.(SWAGGER_PROPERTY, cls.prototype as object, property) as
    { example?: unknown } | undefined;
  return meta?.example;
}

/**
 * A string matching a simple regular expression (anchors, literals, escapes, character classes, groups with
 * alternatives, quantifiers): the first character of each class, the least repetitions allowed (at least one).
 * Anything it cannot read gives `undefined`.
 */
export function sampleOfPattern(pattern: string): string | undefined {
  let i = 0;
  const atom = (): string | undefined => {
    const c = pattern[i];
    if (c === '\\') {
      const e = pattern[i + 1];
      i += 2;
      if (e === 'd') return '1';
      if (e === 'w') return 'a';
      if (e === 's') return ' ';
      return e;
    }
    if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      i = end + 1;
      if (body.startsWith('^')) return undefined;
      if (body.startsWith('\\')) body = body[1] === 'd' ? '1' : body.slice(1);
      return body[0];
    }
    if (c === '(') {
      const named = /^\(\?<[A-Za-z]\w*>/.exec(pattern.slice(i));
      i += named ? named[0].length : pattern.startsWith('(?:', i) ? 3 : 1;
      const alternatives: (string | undefined)[] = [sequence()];
      while (pattern[i] === '|') {
        i++;
        alternatives.push(sequence());
      }
      if (pattern[i] !== ')') return undefined;
      i++;
      return alternatives[0];
    }
    if (c === undefined || '|)*+?{'.includes(c)) return undefined;
    i++;
    return c === '.' ? 'a' : c;
  };
  const sequence = (): string | undefined => {
    let out = '';
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      if (pattern[i] === '^' || pattern[i] === '$') {
        i++;
        continue;
      }
      const piece = atom();
      if (piece === undefined) return undefined;
      let times = 1;
      const q = pattern[i];
      if (q === '?' || q === '*') {
        times = 0;
        i++;
      } else if (q === '+') {
        i++;
      } else if (q === '{') {
        const m = /^\{(\d+)(,\d*)?\}/.exec(pattern.slice(i));
        if (!m) return undefined;
        times = Math.max(1, Number(m[1]));
        i += m[0].length;
      }
      out += piece.repeat(times);
    }
    return out;
  };
  try {
    const result = sequence();
    return i === pattern.length && result !== undefined && new RegExp(pattern).test(result)
      ? result
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a class's own example still fits the schema (a subclass may narrow a field, e.g. to a token). */
function fits(example: unknown, schema: Schema): boolean {
  if (example === undefined) return false;
  if (typeof example !== 'string' || typeof schema.pattern !== 'string') return true;
  try {
    return new RegExp(schema.pattern, 'u').test(example);
  } catch {
    return true;
  }
}

/**
 * An example value of a JSON schema of the AsyncAPI document: the `@ApiProperty` examples of the payload classes
 * where they give one, otherwise a value the schema allows (its enum, const, format or pattern).
 */
export function exampleOf(
  schema: Schema,
  schemas: Record<string, Schema>,
  classes: Map<string, Type<unknown>>,
  owner?: Type<unknown>,
  depth = 0,
): unknown {
  const ref = schema.$ref as string | undefined;
  if (ref) {
    const name = ref.split('/').pop()!;
    const target = schemas[name];
    return target && depth < MAX_DEPTH
      ? exampleOf(target, schemas, classes, classes.get(name), depth + 1)
      : {};
  }
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0)
    return exampleOf(schema.allOf[0] as Schema, schemas, classes, owner, depth + 1);
  if (Array.isArray(schema.oneOf) && schema.oneOf.length > 0) {
    const members = schema.oneOf as Schema[];
    const chosen = members.find((m) => m.format === 'date-time') ?? members[0];
    return exampleOf(chosen, schemas, classes, owner, depth + 1);
  }
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [property, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        out[property] = fits(swaggerExample(owner, property), sub)
          ? swaggerExample(owner, property)
          : (BY_NAME[property] ?? exampleOf(sub, schemas, classes, undefined, depth + 1));
      }
      return out;
    }
    case 'array':
      return schema.items && depth < MAX_DEPTH
        ? [exampleOf(schema.items as Schema, schemas, classes, undefined, depth + 1)]
        : [];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    default: {
      if (schema.format === 'date-time') return '2026-11-21T09:30:00+08:00';
      if (schema.format === 'uuid') return '9d55ba71-55de-41f4-8b50-c36c83b3b419';
      if (schema.format === 'email') return 'regulator@example.gov.cn';
      if (typeof schema.pattern === 'string') {
        const sample = sampleOfPattern(schema.pattern);
        if (sample !== undefined) return sample;
      }
      return typeof schema.minLength === 'number' && schema.minLength > 6
        ? 'x'.repeat(schema.minLength)
        : 'string';
    }
  }
}
