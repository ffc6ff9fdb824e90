import { HttpStatus } from '@nestjs/common';

import { FieldValidationException, ProblemException } from '@swx/platform';

import { StrictJsonError } from './strict-json';

/** A body refused before any handler ran, as the problem+json every other refusal is (415 or 400, located). */
export function bodyRefusal(error: unknown): Error {
  if (!(error instanceof StrictJsonError)) return error instanceof Error ? error : new Error(String(error));
  return error.status === 415
    ? new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, error.message, error.errors)
    : new FieldValidationException(error.errors, 'The request body was refused; nothing was stored');
}
