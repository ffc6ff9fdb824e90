import type { FieldError } from '@swx/platform';

/** JSON bodies nest at most this deep: CEB documents nest 3 levels, the API's own bodies fewer. */
export const MAX_JSON_DEPTH = 32;

/** RFC 8259: JSON exchanged between systems is UTF-8. Any other declared charset is refused, not guessed. */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8']);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export class StrictJsonError extends Error {
  constructor(
    readonly status: 400 | 415,
    readonly errors: FieldError[],
  ) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** The `charset` parameter of a Content-Type header, lower-cased; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1].toLowerCase();
}

/** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence; -1 when all are. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes a UTF-8 body, refusing malformed bytes with their offset. A leading BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array, what = 'the body'): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8Byte(bytes);
    throw new StrictJsonError(400, [
      {
        path: '(body)',
        rule: 'encoding.utf8',
        message: `${what} is not valid UTF-8: the bytes at offset ${at} are not a UTF-8 sequence`,
      },
    ]);
  }
}

/**
 * Checks what JSON.parse lets through but a document must not carry, in one pass over the text: nesting deeper
 * than `maxDepth` (refused before any recursive code sees it) and an object key given twice (JSON.parse keeps
 * the last, while a signature or a log may have read the first: the body would not be what it claims). Assumes
 * nothing about validity: text that is not JSON is left for JSON.parse to refuse.
 */
export function scanJsonStructure(text: string, maxDepth = MAX_JSON_DEPTH): FieldError[] {
  // One frame per open object or array: the keys seen so far (objects) and the path to it.
  const frames: { keys: Set<string> | null; path: string; key?: string; index: number }[] = [];
  let expectKey = false;
  let i = 0;
  const n = text.length;
  const pathOf = (): string => {
    let path = '';
    for (const f of frames) {
      const part = f.keys ? f.key : `[${f.index}]`;
      if (part === undefined) break;
      path = f.keys ? (path ? `${path}.${part}` : part) : `${path}${part}`;
    }
    return path;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      for (;;) {
        const q = text.indexOf('"', end);
        if (q === -1) return []; // unterminated: JSON.parse says so
        let backslashes = 0;
        for (let k = q - 1; k > i && text.charCodeAt(k) === 0x5c; k--) backslashes++;
        if (backslashes % 2 === 0) {
          end = q;
          break;
        }
        end = q + 1;
      }
      const top = frames[frames.length - 1];
      if (expectKey && top?.keys) {
        let key = text.slice(i + 1, end);
        if (key.includes('\\')) {
          try {
            key = JSON.parse(text.slice(i, end + 1)) as string;
          } catch {
            return [];
          }
        }
        // `constructor` too: class-transformer drops it silently, so it slipped past the unknown-field check.
        if (key === '__proto__' || key === 'prototype' || key === 'constructor') {
          top.key = key;
          return [
            {
              path: pathOf(),
              rule: 'json.forbiddenKey',
              message: `"${key}" is not a field name any document has; it is refused (prototype pollution)`,
            },
          ];
        }
        if (top.keys.has(key)) {
          top.key = key;
          return [
            {
              path: pathOf() || '(body)',
              rule: 'json.duplicateKey',
              message: `the key "${key.slice(0, 64)}" appears twice in the same object; send each field once`,
            },
          ];
        }
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (frames.length >= maxDepth) {
        return [
          {
            path: pathOf() || '(body)',
            rule: 'json.maxDepth',
            message: `JSON nests at most ${maxDepth} levels`,
          },
        ];
      }
      frames.push({ keys: c === 0x7b ? new Set() : null, path: '', index: 0 });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top && !top.keys) top.index++;
      expectKey = !!top?.keys;
    }
    i++;
  }
  return [];
}

/** A lone UTF-16 surrogate or a NUL: JSON can escape them, but no document field can hold them (nor can PostgreSQL). */
export function unstorableTextIn(value: unknown, path = ''): FieldError | undefined {
  if (typeof value === 'string') return unstorableText(value, path);
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextIn(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    const inKey = unstorableText(key, at);
    if (inKey) return inKey;
    const found = unstorableTextIn(child, at);
    if (found) return found;
  }
  return undefined;
}

export function unstorableText(text: string, path: string): FieldError | undefined {
  if (text.includes('\u0000')) {
    return {
      path: path || '(body)',
      rule: 'text.noNul',
      message: 'text must not contain a NUL (U+0000) character',
    };
  }
  if (!text.isWellFormed()) {
    return {
      path: path || '(body)',
      rule: 'text.wellFormed',
      message: 'text must not contain a lone UTF-16 surrogate (e.g. \\ud800): it is not a character',
    };
  }
  return undefined;
}

/**
 * A JSON request body as the intake takes it: UTF-8 only (a declared other charset is 415), well-formed bytes,
 * no duplicate keys, bounded depth, no NUL or lone surrogate in any key or text. Throws StrictJsonError.
 */
export function parseStrictJson(bytes: Uint8Array, contentType: string | undefined): unknown {
  const charset = charsetOf(contentType);
  if (charset !== undefined && !UTF8_CHARSETS.has(charset)) {
    throw new StrictJsonError(415, [
      {
        path: 'Content-Type',
        rule: 'encoding.jsonIsUtf8',
        message: `JSON is exchanged in UTF-8 (RFC 8259 §8.1); charset=${charset} is not accepted. Send UTF-8 (or CEB XML, which may declare GBK/GB18030)`,
      },
    ]);
  }
  const text = decodeUtf8(bytes);
  const structural = scanJsonStructure(text);
  if (structural.length > 0) throw new StrictJsonError(400, structural);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StrictJsonError(400, [
      {
        path: '(body)',
        rule: 'json.syntax',
        message: `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }
  const unstorable = unstorableTextIn(value);
  if (unstorable) throw new StrictJsonError(400, [unstorable]);
  return value;
}
