import { validateSync } from 'class-validator';

import { DEMO_ENTERPRISES } from './demo-enterprises';
import { IsUnifiedSocialCreditCode, isUnifiedSocialCreditCode, usccCheckCharacter } from './uscc';

class Holder {
  @IsUnifiedSocialCreditCode()
  creditCode: unknown;
}

const rulesBroken = (creditCode: unknown): string[] => {
  const holder = new Holder();
  holder.creditCode = creditCode;
  return validateSync(holder).flatMap((e) => Object.keys(e.constraints ?? {}));
};

describe('unified social credit code (GB 32100-2015)', () => {
  it("accepts Tenpay's real code and every demo enterprise's code", () => {
    expect(isUnifiedSocialCreditCode('91440300708461136T')).toBe(true);
    for (const enterprise of Object.values(DEMO_ENTERPRISES)) {
      expect(isUnifiedSocialCreditCode(enterprise.creditCode)).toBe(true);
    }
  });

  it('computes the check character, 31 mapping to 0', () => {
    expect(usccCheckCharacter('91440300708461136')).toBe('T');
    // Σ ≡ 0 (mod 31) gives 31 − 0 = 31, written 0: seventeen zeros weigh nothing.
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
    expect(isUnifiedSocialCreditCode('000000000000000000')).toBe(true);
  });

  it('refuses a wrong check character', () => {
    expect(isUnifiedSocialCreditCode('91440300708461136U')).toBe(false);
    expect(isUnifiedSocialCreditCode('91440300708461137T')).toBe(false);
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the forbidden letter %s anywhere', (letter) => {
    expect(isUnifiedSocialCreditCode(`91330100MA27X${letter}001P`)).toBe(false);
    // Even with the check character the position would otherwise call for.
    const first17 = `9133010${letter}MA27XK001`;
    expect(isUnifiedSocialCreditCode(`${first17}0`)).toBe(false);
  });

  it('refuses lower case, wrong lengths and non-strings', () => {
    expect(isUnifiedSocialCreditCode('91440300708461136t')).toBe(false);
    expect(isUnifiedSocialCreditCode('9144030070846113T')).toBe(false);
    expect(isUnifiedSocialCreditCode('91440300708461136TT')).toBe(false);
    expect(isUnifiedSocialCreditCode('')).toBe(false);
    expect(isUnifiedSocialCreditCode(91440300708461)).toBe(false);
    expect(isUnifiedSocialCreditCode(undefined)).toBe(false);
  });

  it('is a class-validator rule with a stable name and a message naming the field', () => {
    expect(rulesBroken('91440300708461136T')).toEqual([]);
    expect(rulesBroken('91440300708461136A')).toEqual(['isUnifiedSocialCreditCode']);
    const holder = new Holder();
    holder.creditCode = 'nope';
    const [error] = validateSync(holder);
    expect(error.constraints?.isUnifiedSocialCreditCode).toContain('creditCode must be an 18-character');
  });
});
