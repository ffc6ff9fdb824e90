import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Optional,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

import { principalOf, TOKEN_AUDIENCE, TOKEN_ISSUER, VerifiedToken } from './jwt-claims';
import { Principal, Scope } from './principal';

const REQUIRED_SCOPES = 'swx:required-scopes';

/** Tells whether a client's tokens are no longer valid (client revoked, or secret rotated after issue). */
export interface ClientRevocationCheck {
  isRevoked(clientId: string, issuedAtSeconds: number): Promise<boolean>;
  /** A named person's session: ended (signed out, account disabled or its password reset) or unknown. */
  isSessionEnded?(sessionId: string): Promise<boolean>;
}
export const CLIENT_REVOCATION_CHECK = Symbol('CLIENT_REVOCATION_CHECK');

/**
 * Bearer-token authentication for the gateway's API: a valid, unexpired, unrevoked access token, else 401;
 * one of the route's scopes, else 403. The principal is attached to the request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    @Optional() @Inject(CLIENT_REVOCATION_CHECK) private readonly revocation?: ClientRevocationCheck,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, unknown>; principal?: Principal; token?: TokenTimes }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match)
      throw new UnauthorizedException('An access token is required (Authorization: Bearer <token>)');
    let token: VerifiedToken;
    try {
      token = await this.jwt.verifyAsync<VerifiedToken>(match[1], {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
      });
    } catch (e) {
      // A fixed sentence: the JWT library's own message (algorithms, claims it checked …) is not echoed.
      throw new UnauthorizedException(
        (e as Error).name === 'TokenExpiredError'
          ? 'The access token has expired'
          : 'The access token is not valid',
      );
    }
    // A token without an expiry would be valid forever: the gateway never issues one, so it is not ours.
    if (typeof token.exp !== 'number' || typeof token.iat !== 'number' || typeof token.sub !== 'string') {
      throw new UnauthorizedException('The access token is not valid');
    }
    if (token.sid !== undefined) {
      // A named person's session token: good while its session is open and its account enabled.
      if (
        typeof token.sid !== 'string' ||
        (this.revocation?.isSessionEnded && (await this.revocation.isSessionEnded(token.sid)))
      ) {
        throw new UnauthorizedException('The session has ended; sign in again');
      }
    } else if (this.revocation && (await this.revocation.isRevoked(token.sub, token.iat))) {
      throw new UnauthorizedException('The access token was revoked');
    }
    const principal = principalOf(token);
    const required = this.reflector.getAllAndOverride<Scope[]>(REQUIRED_SCOPES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required?.length && !required.some((s) => principal.scopes.includes(s))) {
      throw new ForbiddenException(`This operation needs one of the scopes: ${required.join(', ')}`);
    }
    request.principal = principal;
    request.token = { issuedAt: token.iat, expiresAt: token.exp };
    return true;
  }
}

/** When the request's access token was issued and expires (seconds since the epoch): long-lived streams end then. */
export interface TokenTimes {
  issuedAt: number;
  expiresAt: number;
}

/** Route needs a valid access token carrying at least one of `scopes` (none listed: any valid token). */
export const Authenticated = (...scopes: Scope[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    UseGuards(AuthGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No access token, or an invalid, expired or revoked one' }),
    ApiForbiddenResponse({
      description: `The token lacks the scope${scopes.length > 1 ? 's' : ''}: ${scopes.join(' or ')}`,
    }),
  );
