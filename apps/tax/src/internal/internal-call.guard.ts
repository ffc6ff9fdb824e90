import { ForbiddenException } from '@nestjs/common';

import type { Caller } from '@swx/platform';

/** The gateway's internal calls to the tax app: the guard and caller are the platform's (@swx/platform). */
export { CurrentCaller, InternalCallGuard, InternalHeaders, type Caller } from '@swx/platform';

/** Regulators who see every bill and account: tax (and customs, which supervises every list). */
export const seesAll = (c: Caller): boolean =>
  c.kind === 'operator' ||
  (c.kind === 'regulator' &&
    c.scopes.includes('regulator:read') &&
    (c.agency === 'tax' || c.agency === 'customs'));

/** Who manages guarantee accounts and consolidated payments: operators and the tax regulator. */
export function assertManager(c: Caller): void {
  const ok =
    (c.kind === 'operator' && c.scopes.includes('registry:write')) ||
    (c.kind === 'regulator' && c.agency === 'tax' && c.scopes.includes('regulator:read'));
  if (!ok)
    throw new ForbiddenException('only operators and the tax regulator manage guarantees and payments');
}

/** Enterprises read their own records; regulators of tax or customs and operators read all. */
export function readScope(c: Caller): { all: true } | { all: false; enterpriseCode: string } {
  if (seesAll(c)) return { all: true };
  if (c.kind === 'enterprise' && c.enterpriseCode && c.scopes.includes('documents:read'))
    return { all: false, enterpriseCode: c.enterpriseCode };
  throw new ForbiddenException('this caller may not read tax records');
}
