import { ForbiddenException } from '@nestjs/common';

import type { Caller } from '@swx/platform';

/** The gateway's internal calls to the risk app: the guard and caller are the platform's (@swx/platform). */
export { CurrentCaller, InternalCallGuard, InternalHeaders, type Caller } from '@swx/platform';

/** Who reads risk cases: regulators (joint risk control across agencies) and operators. */
export function assertReader(c: Caller): void {
  const ok =
    (c.kind === 'regulator' && c.scopes.includes('regulator:read')) ||
    (c.kind === 'operator' && c.scopes.includes('registry:read'));
  if (!ok) throw new ForbiddenException('only regulators and operators read risk cases');
}

/** Who works a case: customs, the agency it is assigned to, and operators. */
export function assertWorker(c: Caller, assignedAgency: string | null): void {
  const ok =
    (c.kind === 'regulator' &&
      c.scopes.includes('regulator:read') &&
      (c.agency === 'customs' || (assignedAgency !== null && c.agency === assignedAgency))) ||
    (c.kind === 'operator' && c.scopes.includes('registry:write'));
  if (!ok)
    throw new ForbiddenException(
      'only customs, the agency the case is assigned to, and operators work a case',
    );
}
