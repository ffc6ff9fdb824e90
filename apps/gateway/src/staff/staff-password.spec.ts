import {
  decoyPasswordHash,
  generatePassword,
  hashPassword,
  LOGIN_PATTERN,
  passwordProblem,
  verifyPassword,
} from './staff-password';

describe('staff passwords', () => {
  it('hashes with argon2id and a fresh salt, and verifies only the same password', async () => {
    const a = await hashPassword('Correct-horse-77');
    const b = await hashPassword('Correct-horse-77');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('Correct-horse-77');
    await expect(verifyPassword('Correct-horse-77', a)).resolves.toBe(true);
    await expect(verifyPassword('Correct-horse-78', a)).resolves.toBe(false);
    await expect(verifyPassword('', a)).resolves.toBe(false);
  });

  it('answers false, never throws, for a malformed stored hash', async () => {
    await expect(verifyPassword('x', 'not-a-hash')).resolves.toBe(false);
    await expect(verifyPassword('x', '$argon2id$v=19$m=1,t=1,p=1$$')).resolves.toBe(false);
  });

  it('keeps one decoy hash that no generated password matches', async () => {
    const decoy = await decoyPasswordHash();
    expect(await decoyPasswordHash()).toBe(decoy);
    await expect(verifyPassword(generatePassword(), decoy)).resolves.toBe(false);
  });

  it('generates long random passwords that pass the policy', () => {
    const p = generatePassword();
    expect(p).toHaveLength(24);
    expect(generatePassword()).not.toBe(p);
    expect(passwordProblem(p, 'wang.fang')).toBeUndefined();
  });

  it.each([
    ['short', 'wang.fang', 'at least 12'],
    ['x'.repeat(201), 'wang.fang', 'at most 200'],
    ['my-wang.fang-pass', 'wang.fang', 'login'],
    ['aaaaaaaaaaaabbbb', 'wang.fang', 'different characters'],
  ])('refuses %j for %s (%s)', (password, login, why) => {
    expect(passwordProblem(password, login)).toContain(why);
  });

  it.each([
    ['wang.fang', true],
    ['ab', false],
    ['Wang', false],
    ['.dot', false],
    ['a'.repeat(41), false],
    ['zhang_3-x', true],
  ])('login %j is valid: %s', (login, valid) => {
    expect(LOGIN_PATTERN.test(login)).toBe(valid);
  });
});
