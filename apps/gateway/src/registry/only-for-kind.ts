import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Rule `onlyForKind`: the field may be given only when the object's `kind` is one of `kinds` (a credit code
 * is for enterprises, an ID number for individuals). Pair it with `@ValidateIf` so the field's own rules
 * run when it is required or present.
 */
export function OnlyForKind(kinds: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'onlyForKind',
      target: target.constructor,
      propertyName: propertyName.toString(),
      constraints: [kinds],
      options: {
        message: ({ property }: ValidationArguments) => `${property} is only for kind ${kinds.join(' or ')}`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || kinds.includes(String((args.object as { kind?: unknown }).kind)),
      },
    });
}

/** For `@ValidateIf`: validate the field when the object is of one of `kinds`, or when the field is present. */
export const requiredForKindOrPresent =
  (property: string, kinds: readonly string[]) =>
  (object: object): boolean =>
    kinds.includes(String((object as { kind?: unknown }).kind)) ||
    (object as Record<string, unknown>)[property] !== undefined;
