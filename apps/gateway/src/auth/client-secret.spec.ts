import { decoyHash, generateClientSecret, hashClientSecret, verifyClientSecret } from './client-secret';

describe('client secret hashing', () => {
  it('verifies the secret a hash was made from and nothing else', async () => {
    const secret = generateClientSecret();
    const stored = await hashClientSecret(secret);
    expect(await verifyClientSecret(secret, stored)).toBe(true);
    expect(await verifyClientSecret(`${secret}x`, stored)).toBe(false);
    expect(await verifyClientSecret(secret.slice(0, -1), stored)).toBe(false);
    expect(await verifyClientSecret('', stored)).toBe(false);
  });

  it('stores scrypt with its parameters and a fresh salt per secret, never the secret itself', async () => {
    const secret = 'test-only-operator-secret';
    const [a, b] = await Promise.all([hashClientSecret(secret), hashClientSecret(secret)]);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toEqual(b);
    expect(a).not.toContain(secret);
    expect(await verifyClientSecret(secret, b)).toBe(true);
  });

  it('makes long, random, URL-safe secrets', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateClientSecret));
    expect(secrets.size).toBe(50);
    for (const s of secrets) expect(s).toMatch(/^[\w-]{43}$/);
  });

  it('refuses malformed or foreign hashes instead of throwing', async () => {
    const stored = await hashClientSecret('s3cret-s3cret-s3cret');
    const parts = stored.split('$');
    for (const bad of [
      '',
      'plain-text',
      stored.replace(/^scrypt/, 'bcrypt'),
      [...parts.slice(0, 5), parts[5].slice(0, 20)].join('$'),
      [parts[0], 'x', ...parts.slice(2)].join('$'),
      [parts[0], '1000', ...parts.slice(2)].join('$'),
      [...parts.slice(0, 4), '', parts[5]].join('$'),
    ]) {
      expect(await verifyClientSecret('s3cret-s3cret-s3cret', bad)).toBe(false);
    }
  });

  it('keeps a decoy hash that no secret is known to match', async () => {
    const decoy = await decoyHash();
    expect(await decoyHash()).toBe(decoy);
    expect(await verifyClientSecret('', decoy)).toBe(false);
  });
});
