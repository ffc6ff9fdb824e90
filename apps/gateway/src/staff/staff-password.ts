import { randomBytes } from 'node:crypto';

import { hash, verify } from '@node-rs/argon2';

/** Shortest password a person may be given or choose. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted anywhere (sign-in included): argon2 hashes what it is given, so bound the work. */
export const MAX_PASSWORD_LENGTH = 200;

/** Logins: lower-case letters, digits, dot, dash, underscore; 3-40 characters, starting with a letter or digit. */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/;

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's recommended minimum), in PHC string
 * form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`): the parameters travel with the hash.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Whether `password` is the one `stored` was made from. False (never a throw) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A password for a new account or a reset: 18 random bytes, base64url (24 characters). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Why a chosen password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, login: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(login.toLowerCase())) return 'must not contain the login';
  if (new Set(password).size < 5) return 'must use at least 5 different characters';
  return undefined;
}

let decoy: Promise<string> | undefined;

/**
 * A hash of no account's password, verified against when the login is unknown, so that an unknown login costs as
 * much time as a wrong password and response times do not tell which logins exist.
 */
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(generatePassword());
  return decoy;
}
