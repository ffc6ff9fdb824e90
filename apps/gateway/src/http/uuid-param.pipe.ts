import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';

import { FieldValidationException } from '@swx/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that must be a UUID: anything else is a 400 naming the parameter, never a database error. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    const name = metadata.data ?? 'id';
    throw new FieldValidationException(
      [
        {
          path: name,
          rule: 'isUuid',
          message: `${name} must be a UUID (e.g. 3f2b8c1e-9d4a-4b7e-8f10-2a6c5d9e0b14)`,
        },
      ],
      `The path parameter ${name} is not a UUID`,
    );
  }
}
