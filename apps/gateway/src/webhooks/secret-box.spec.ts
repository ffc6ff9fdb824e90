import { SecretBox } from './secret-box';

const KEY = 'unit-test-key-material-0123456789abcdef';

describe('SecretBox (AES-256-GCM under an HKDF-derived key)', () => {
  const box = new SecretBox(KEY, 'webhook-signing-secret');

  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const sealed = box.seal('whsec_abc123', 'subscription-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('whsec_abc123');
    expect(box.open(sealed, 'subscription-1')).toBe('whsec_abc123');
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same', 'ctx')).not.toBe(box.seal('same', 'ctx'));
  });

  it('refuses another context (a ciphertext copied onto another row)', () => {
    const sealed = box.seal('whsec_abc123', 'subscription-1');
    expect(() => box.open(sealed, 'subscription-2')).toThrow();
  });

  it('refuses another key or another purpose', () => {
    const sealed = box.seal('whsec_abc123', 'ctx');
    expect(() => new SecretBox(`${KEY}-other`, 'webhook-signing-secret').open(sealed, 'ctx')).toThrow();
    expect(() => new SecretBox(KEY, 'other-purpose').open(sealed, 'ctx')).toThrow();
  });

  it('refuses an altered ciphertext or tag, and unknown formats', () => {
    const [version, iv, tag, ciphertext] = box.seal('whsec_abc123', 'ctx').split('.');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    expect(() => box.open([version, iv, tag, flip(ciphertext)].join('.'), 'ctx')).toThrow();
    expect(() => box.open([version, iv, flip(tag), ciphertext].join('.'), 'ctx')).toThrow();
    expect(() => box.open(['v9', iv, tag, ciphertext].join('.'), 'ctx')).toThrow(/known version/);
    expect(() => box.open('whsec_abc123', 'ctx')).toThrow(/known version/);
  });

  it('refuses short key material', () => {
    expect(() => new SecretBox('too-short', 'x')).toThrow(/at least 32/);
  });
});
