import { timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';

import { RiskEnv } from '../risk.env';

/** Headers the gateway sets on its calls to the risk app (the gateway authenticated the caller). */
export const InternalHeaders = {
  Token: 'x-internal-token',
  Kind: 'x-swx-principal-kind',
  Client: 'x-swx-client-id',
  Enterprise: 'x-swx-enterprise-code',
  Agency: 'x-swx-agency',
  Scopes: 'x-swx-scopes',
} as const;

export interface Caller {
  kind: 'enterprise' | 'regulator' | 'operator';
  clientId: string;
  enterpriseCode?: string;
  agency?: string;
  scopes: string[];
}

type Req = { headers: Record<string, string | string[] | undefined>; caller?: Caller };

const header = (req: Req, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/**
 * Internal calls only: the shared `INTERNAL_API_TOKEN` (compared in constant time), plus the caller's identity
 * as the gateway established it.
 */
@Injectable()
export class InternalCallGuard implements CanActivate {
  private readonly token: Buffer;

  constructor(env: RiskEnv) {
    this.token = Buffer.from(env.INTERNAL_API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Req>();
    const given = Buffer.from(header(req, InternalHeaders.Token) ?? '');
    if (given.length !== this.token.length || !timingSafeEqual(given, this.token))
      throw new UnauthorizedException('internal calls need the internal API token');
    const kind = header(req, InternalHeaders.Kind);
    const clientId = header(req, InternalHeaders.Client);
    if ((kind !== 'enterprise' && kind !== 'regulator' && kind !== 'operator') || !clientId)
      throw new ForbiddenException('the caller identity is missing');
    const enterpriseCode = header(req, InternalHeaders.Enterprise);
    const agency = header(req, InternalHeaders.Agency);
    req.caller = {
      kind,
      clientId,
      ...(enterpriseCode ? { enterpriseCode } : {}),
      ...(agency ? { agency } : {}),
      scopes: (header(req, InternalHeaders.Scopes) ?? '').split(/\s+/).filter(Boolean),
    };
    return true;
  }
}

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<Req>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without InternalCallGuard');
  return caller;
});

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
