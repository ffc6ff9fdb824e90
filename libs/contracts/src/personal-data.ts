import type { Type as ClassType } from '@nestjs/common';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { Type } from 'class-transformer';
import { IsObject, Matches, ValidateNested } from 'class-validator';

/**
 * Personal data on topics (docs/personal-data.md). The gateway replaces every person field of a document with
 * a keyed token (`pt<keyVersion>.<base64url HMAC-SHA256(key, kind + ':' + normalised value)>`) and publishes a
 * masked display value beside it; services compare tokens, never clear values. This module holds what every
 * service shares: the kinds, normalisation, masking, the token pattern and the comparison. Computing a token
 * needs the gateway's key and happens only there.
 */
export const PERSON_DATA_KINDS = ['idNumber', 'phone', 'name', 'address'] as const;
export type PersonDataKind = (typeof PERSON_DATA_KINDS)[number];

/** A person field of a document type: the dot path (`OrderHead.buyerIdNumber`) and what it holds. */
export interface PersonField {
  path: string;
  kind: PersonDataKind;
}

/** One token: `pt` + key version + `.` + 43 base64url characters (a SHA-256 HMAC). */
export const PERSON_TOKEN = /^pt[1-9]\d{0,3}\.[A-Za-z0-9_-]{43}$/;
/**
 * A token list: the tokens of one value under every active key, the current key first, separated by one
 * space. Outside a key rotation it is a single token.
 */
export const PERSON_TOKENS = /^pt[1-9]\d{0,3}\.[A-Za-z0-9_-]{43}( pt[1-9]\d{0,3}\.[A-Za-z0-9_-]{43}){0,3}$/;

/**
 * The value a token is computed from: formatting that does not change who is meant is removed (Unicode NFKC,
 * surrounding and repeated white space; upper-case `X` in an ID number; spaces and dashes in a phone number).
 */
export function normalisePersonValue(kind: PersonDataKind, value: string): string {
  const v = value.normalize('NFKC').trim().replace(/\s+/g, ' ');
  switch (kind) {
    case 'idNumber':
      return v.replace(/\s/g, '').toUpperCase();
    case 'phone':
      return v.replace(/[\s-]/g, '');
    default:
      return v;
  }
}

/**
 * The display value of a person field for everyone without the personal-data scope: an ID number or phone
 * keeps its first 3 and last 4 characters (`110***********0012`, `138****5678`), a name its first character
 * (`张*`), an address its part up to the district or county (`浙江省杭州市西湖区***`).
 */
export function maskPersonValue(kind: PersonDataKind, value: string): string {
  const v = normalisePersonValue(kind, value);
  const chars = [...v];
  switch (kind) {
    case 'idNumber':
    case 'phone':
      if (chars.length <= 8) return '*'.repeat(chars.length);
      return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
    case 'name':
      return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 5))}`;
    case 'address': {
      const district = /^.{0,30}?(?:区|县|旗)/u.exec(v) ?? /^.{0,30}?市/u.exec(v);
      const kept = district
        ? district[0]
        : chars.slice(0, Math.min(3, Math.floor(chars.length / 3))).join('');
      return `${kept}***`;
    }
  }
}

/** The tokens of a token list (see PERSON_TOKENS); any other non-empty string is one value of its own. */
export const tokensOf = (list: string | undefined): string[] =>
  !list ? [] : PERSON_TOKENS.test(list) ? list.split(' ') : [list];

/** The current-key token of a token list (its first). */
export const currentToken = (list: string): string => tokensOf(list)[0] ?? '';

/**
 * Whether two token lists name the same person: they share a token (so values tokenised before and after a
 * key rotation still compare equal while both keys are active). Two absent values are the same.
 */
export function samePerson(a: string | undefined, b: string | undefined): boolean {
  const ta = tokensOf(a);
  const tb = tokensOf(b);
  if (ta.length === 0 || tb.length === 0) return ta.length === tb.length;
  return ta.some((t) => tb.includes(t));
}

/** A value at a dot path of a document (heads only: person fields never sit in repeated lines). */
export function valueAt(document: object, path: string): unknown {
  let node: unknown = document;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Sets a value at a dot path (the parents exist). */
export function setValueAt(document: object, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = document as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

// class-transformer's metadata of @Type(): needed to find the head class of a document class.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/**
 * The class of a document as topics carry it: the document class with each person field validated as a token
 * list instead of a clear value. The heads holding person fields are subclassed (`Tokenised<Head>`); a
 * subclass's validators of a property replace the inherited ones (class-validator keeps the original ones
 * of the same kind only).
 */
export function tokenisedDocumentClass<T extends object>(
  documentClass: ClassType<T>,
  fields: PersonField[],
): ClassType<T> {
  if (fields.length === 0) return documentClass;
  const byHead = new Map<string, string[]>();
  for (const f of fields) {
    const [head, field, ...rest] = f.path.split('.');
    if (!field || rest.length > 0) throw new Error(`person field ${f.path} is not Head.field`);
    byHead.set(head, [...(byHead.get(head) ?? []), field]);
  }
  class Tokenised extends (documentClass as ClassType<object>) {}
  Object.defineProperty(Tokenised, 'name', { value: `Tokenised${documentClass.name}` });
  for (const [head, headFields] of byHead) {
    const headClass = defaultMetadataStorage.findTypeMetadata(documentClass, head)?.typeFunction() as
      ClassType<object> | undefined;
    if (!headClass) throw new Error(`${documentClass.name}.${head} is not a nested class`);
    class TokenisedHead extends headClass {}
    Object.defineProperty(TokenisedHead, 'name', { value: `Tokenised${headClass.name}` });
    for (const field of headFields) {
      Matches(PERSON_TOKENS, {
        message: `${field} must be a person token list (pt<version>.<HMAC>): topics carry no clear personal data`,
      })(TokenisedHead.prototype, field);
    }
    IsObject()(Tokenised.prototype, head);
    ValidateNested()(Tokenised.prototype, head);
    Type(() => TokenisedHead)(Tokenised.prototype, head);
  }
  return Tokenised as ClassType<T>;
}
