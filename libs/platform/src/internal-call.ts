import { timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';

import { BaseEnv } from '@swx/config';

/** Headers the gateway sets on its calls to a service's internal API (the gateway authenticated the caller). */
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
 * as the gateway established it. For the services whose env class declares `INTERNAL_API_TOKEN` (tax, credit,
 * logistics, risk); forex has its own, which also knows bank callers.
 */
@Injectable()
export class InternalCallGuard implements CanActivate {
  private readonly token: Buffer;

  constructor(env: BaseEnv) {
    const token = (env as BaseEnv & { INTERNAL_API_TOKEN?: string }).INTERNAL_API_TOKEN;
    if (!token)
      throw new Error(`${env.constructor.name} declares no INTERNAL_API_TOKEN: no internal API here`);
    this.token = Buffer.from(token);
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
