import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

import { FieldValidationException, QueryInteger } from '@swx/platform';

/** Query of a cursor-paginated list: items come in key order; `cursor` continues after the previous page. */
export class PageQuery {
  @ApiPropertyOptional({ description: 'Items per page', minimum: 1, maximum: 200, default: 50, example: 50 })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({
    description: '`nextCursor` of the previous page; leave out for the first page. Opaque.',
    example: 'NDQwMzE2OUQzVw',
  })
  @IsOptional()
  @Matches(/^[\w-]{1,120}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;

export const encodeCursor = (lastKey: string): string => Buffer.from(lastKey, 'utf8').toString('base64url');

/** The key the page continues after; a cursor that does not decode to a well-formed key is a field error. */
export function decodeCursor(cursor: string | undefined, keyPattern: RegExp): string | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!keyPattern.test(key)) {
    throw new FieldValidationException([
      { path: 'cursor', rule: 'cursor', message: 'cursor must be the nextCursor of a previous page' },
    ]);
  }
  return key;
}

/** One page of items; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cuts a `limit + 1` fetch into a page: the extra row only tells that there is a next page. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => string,
  map: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items: items.map(map), nextCursor };
}
