import { registerDecorator, ValidationOptions } from 'class-validator';

/** Characters of a unified social credit code (GB 32100-2015): digits and capitals without I, O, Z, S, V. */
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUWXY]{18}$/;
/** Weight of position i is 3^i mod 31. */
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

/** The check character (18th) that the first 17 characters of a unified social credit code call for. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** True for an 18-character unified social credit code whose check character is right. */
export function isUnifiedSocialCreditCode(value: unknown): value is string {
  return (
    typeof value === 'string' && USCC_SHAPE.test(value) && usccCheckCharacter(value) === value.charAt(17)
  );
}

/** class-validator rule `isUnifiedSocialCreditCode`: an 18-character credit code with a valid check character. */
export function IsUnifiedSocialCreditCode(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isUnifiedSocialCreditCode',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options: {
        message: ({ property }) =>
          `${property} must be an 18-character unified social credit code (GB 32100-2015) with a valid check character`,
        ...options,
      },
      validator: { validate: (value: unknown) => isUnifiedSocialCreditCode(value) },
    });
}
