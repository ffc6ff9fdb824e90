import { timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { CustomsEnv } from '../customs.env';

/** What the gateway writes into its access tokens (apps/gateway/src/auth/jwt-claims.ts). */
const TOKEN_ISSUER = 'single-window';
const TOKEN_AUDIENCE = 'single-window-api';
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

interface Claims {
  sub?: unknown;
  exp?: unknown;
  kind?: unknown;
  agency?: unknown;
  scope?: unknown;
}

type Req = { headers: Record<string, string | string[] | undefined> };

/**
 * Customs decisions taken by people (an inspection result): a customs regulator's access token, signed by the
 * gateway's key (`AUTH_JWT_SECRET`) and unexpired, or the platform's internal token (`INTERNAL_API_TOKEN`, for
 * calls the gateway makes on an officer's behalf). Being on the internal network is not enough. 401 without
 * either; 403 for any other valid token (an enterprise's, another agency's).
 */
@Injectable()
export class CustomsOfficerGuard implements CanActivate {
  private readonly internalToken: Buffer;
  private readonly jwt: JwtService;

  constructor(env: CustomsEnv) {
    this.internalToken = Buffer.from(env.INTERNAL_API_TOKEN);
    this.jwt = new JwtService({ secret: env.AUTH_JWT_SECRET });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Req>();
    const internal = req.headers[INTERNAL_TOKEN_HEADER];
    if (typeof internal === 'string' && internal.length > 0) {
      const given = Buffer.from(internal);
      if (given.length === this.internalToken.length && timingSafeEqual(given, this.internalToken))
        return true;
      throw new UnauthorizedException('The internal token is not valid');
    }
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new UnauthorizedException(
        'A customs regulator access token (Authorization: Bearer) or the internal token is required',
      );
    }
    let claims: Claims;
    try {
      claims = await this.jwt.verifyAsync<Claims & object>(match[1], {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
      });
    } catch {
      throw new UnauthorizedException('The access token is not valid');
    }
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') {
      throw new UnauthorizedException('The access token is not valid');
    }
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (claims.kind !== 'regulator' || claims.agency !== 'customs' || !scopes.includes('regulator:read')) {
      throw new ForbiddenException(
        'Only customs officers (a customs regulator token) record inspection results',
      );
    }
    return true;
  }
}
