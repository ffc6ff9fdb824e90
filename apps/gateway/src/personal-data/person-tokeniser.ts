import { createHmac } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  type DocumentDescriptor,
  maskPersonValue,
  normalisePersonValue,
  type PersonDataKind,
  setValueAt,
  valueAt,
} from '@swx/contracts';

import { GatewayEnv } from '../gateway.env';

export interface PersonTokenKey {
  version: number;
  secret: string;
}

/** `version:secret,version:secret` (current first) as keys; refuses duplicates. */
export function parsePersonTokenKeys(spec: string): PersonTokenKey[] {
  const keys = spec.split(',').map((pair) => {
    const at = pair.indexOf(':');
    const version = Number(pair.slice(0, at));
    const secret = pair.slice(at + 1);
    if (at < 1 || !Number.isInteger(version) || version < 1 || secret.length < 32)
      throw new Error('PERSON_TOKEN_KEYS must be version:secret pairs, secrets at least 32 characters');
    return { version, secret };
  });
  if (new Set(keys.map((k) => k.version)).size !== keys.length)
    throw new Error('PERSON_TOKEN_KEYS names a key version twice');
  return keys;
}

/**
 * Replaces personal data with keyed tokens at the edge (docs/personal-data.md). A token is
 * `pt<version>.<base64url HMAC-SHA256(key, kind + ':' + normalised value)>`; a field carries the tokens of its
 * value under every configured key, the current one first, so values tokenised before and after a key
 * rotation share a token while both keys are configured. The keys never leave the gateway.
 */
@Injectable()
export class PersonTokeniser {
  private readonly keys: PersonTokenKey[];

  constructor(env: GatewayEnv) {
    this.keys = parsePersonTokenKeys(env.PERSON_TOKEN_KEYS);
  }

  /** The token of a value under one key. */
  private token(key: PersonTokenKey, kind: PersonDataKind, value: string): string {
    const mac = createHmac('sha256', key.secret)
      .update(`${kind}:${normalisePersonValue(kind, value)}`)
      .digest('base64url');
    return `pt${key.version}.${mac}`;
  }

  /** The token list of a value: one token per configured key, the current key first. */
  tokenList(kind: PersonDataKind, value: string): string {
    return this.keys.map((k) => this.token(k, kind, value)).join(' ');
  }

  /** A copy of `document` whose person fields hold token lists, and their masked values by path. */
  tokeniseDocument<T extends object>(
    descriptor: DocumentDescriptor<T>,
    document: T,
  ): { document: T; masked: Record<string, string> } {
    const copy = structuredClone(document);
    const masked: Record<string, string> = {};
    for (const { path, kind } of descriptor.personFields) {
      const value = valueAt(copy, path);
      if (typeof value !== 'string' || value.trim() === '') continue;
      setValueAt(copy, path, this.tokenList(kind, value));
      masked[path] = maskPersonValue(kind, value);
    }
    return { document: copy, masked };
  }
}
