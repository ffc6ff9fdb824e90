import { timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';

import { ForexEnv } from '../forex.env';

/** Headers the gateway sets on its calls to forex (the gateway authenticated the caller). */
export const InternalHeaders = {
  Token: 'x-internal-token',
  Kind: 'x-swx-principal-kind',
  Client: 'x-swx-client-id',
  Enterprise: 'x-swx-enterprise-code',
  Agency: 'x-swx-agency',
  Bank: 'x-swx-bank-code',
  Scopes: 'x-swx-scopes',
} as const;

const KINDS = ['enterprise', 'regulator', 'operator', 'bank'] as const;

export interface Caller {
  kind: (typeof KINDS)[number];
  clientId: string;
  enterpriseCode?: string;
  agency?: string;
  bankCode?: string;
  scopes: string[];
}

type Req = { headers: Record<string, string | string[] | undefined>; caller?: Caller };

const header = (req: Req, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/** Internal calls only: the shared `INTERNAL_API_TOKEN` (constant-time), plus the caller as the gateway established it. */
@Injectable()
export class InternalCallGuard implements CanActivate {
  private readonly token: Buffer;

  constructor(env: ForexEnv) {
    this.token = Buffer.from(env.INTERNAL_API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Req>();
    const given = Buffer.from(header(req, InternalHeaders.Token) ?? '');
    if (given.length !== this.token.length || !timingSafeEqual(given, this.token))
      throw new UnauthorizedException('internal calls need the internal API token');
    const kind = header(req, InternalHeaders.Kind) as Caller['kind'] | undefined;
    const clientId = header(req, InternalHeaders.Client);
    if (!kind || !KINDS.includes(kind) || !clientId)
      throw new ForbiddenException('the caller identity is missing');
    const enterpriseCode = header(req, InternalHeaders.Enterprise);
    const agency = header(req, InternalHeaders.Agency);
    const bankCode = header(req, InternalHeaders.Bank);
    req.caller = {
      kind,
      clientId,
      ...(enterpriseCode ? { enterpriseCode } : {}),
      ...(agency ? { agency } : {}),
      ...(bankCode ? { bankCode } : {}),
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

/** SAFE (regulator agency `forex`) and operators read every record. */
export const isSafe = (c: Caller): boolean =>
  (c.kind === 'regulator' && c.agency === 'forex' && c.scopes.includes('regulator:read')) ||
  (c.kind === 'operator' && c.scopes.includes('registry:read'));

export type ReadScope = { all: true } | { all: false; enterpriseCodes: string[] };

/**
 * Who sees which records: SAFE and operators all; a bank the enterprises that named it (`customers`, resolved by
 * the gateway); an enterprise its own.
 */
export function readScope(c: Caller, customers: string[] | undefined): ReadScope {
  if (isSafe(c)) return { all: true };
  if (c.kind === 'bank' && c.bankCode && c.scopes.includes('forex:bank'))
    return { all: false, enterpriseCodes: customers ?? [] };
  if (c.kind === 'enterprise' && c.enterpriseCode && c.scopes.includes('documents:read'))
    return { all: false, enterpriseCodes: [c.enterpriseCode] };
  throw new ForbiddenException('this caller may not read forex records');
}

export function assertBank(c: Caller): string {
  if (c.kind !== 'bank' || !c.bankCode || !c.scopes.includes('forex:bank'))
    throw new ForbiddenException('only banks report settlements');
  return c.bankCode;
}

export function assertEnterprise(c: Caller): string {
  if (c.kind !== 'enterprise' || !c.enterpriseCode || !c.scopes.includes('documents:write'))
    throw new ForbiddenException('only enterprises declare their fees');
  return c.enterpriseCode;
}
