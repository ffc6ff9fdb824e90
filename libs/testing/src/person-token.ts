import { createHmac } from 'node:crypto';

import { normalisePersonValue, type PersonDataKind } from '@swx/contracts';

import { TEST_SECRETS } from './service-process';

/**
 * The person token list the test gateway publishes for a value (its keys are TEST_SECRETS.PERSON_TOKEN_KEYS),
 * or under `keys` (`version:secret,…`, current first), for tests that publish tokenised payloads themselves.
 */
export function testPersonToken(
  kind: PersonDataKind,
  value: string,
  keys: string = TEST_SECRETS.PERSON_TOKEN_KEYS,
): string {
  return keys
    .split(',')
    .map((pair) => {
      const at = pair.indexOf(':');
      const mac = createHmac('sha256', pair.slice(at + 1))
        .update(`${kind}:${normalisePersonValue(kind, value)}`)
        .digest('base64url');
      return `pt${pair.slice(0, at)}.${mac}`;
    })
    .join(' ');
}
