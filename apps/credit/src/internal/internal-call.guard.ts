import { ForbiddenException } from '@nestjs/common';

import type { Caller } from '@swx/platform';

/** The gateway's internal calls to the credit app: the guard and caller are the platform's (@swx/platform). */
export { CurrentCaller, InternalCallGuard, InternalHeaders, type Caller } from '@swx/platform';

/** Agencies whose regulators record facts, decide list entries and appeals. */
export const DECIDING_AGENCIES = ['credit', 'customs', 'market', 'tax'] as const;

export const isRegulator = (c: Caller): boolean =>
  c.kind === 'regulator' && c.scopes.includes('regulator:read');

/** Regulators (every agency) and operators read every file. */
export const readsAll = (c: Caller): boolean => c.kind === 'operator' || isRegulator(c);

/** Who records facts and decides entries and appeals: regulators of the deciding agencies. */
export function assertDecider(c: Caller): void {
  if (!isRegulator(c) || !(DECIDING_AGENCIES as readonly string[]).includes(c.agency ?? ''))
    throw new ForbiddenException(
      `only regulators of ${DECIDING_AGENCIES.join(', ')} record credit facts and decide lists and appeals`,
    );
}
