import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';

import { AuthGuard, ClientRevocationCheck } from './auth.guard';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './jwt-claims';
import type { Principal } from './principal';

const jwt = new JwtService({ secret: 'unit-test-secret-0123456789abcdef0123' });

const token = (claims: object, subject: string) =>
  jwt.sign(
    { kind: 'regulator', roles: [], agency: 'customs', scope: 'regulator:read', ...claims },
    { subject, jwtid: 'j1', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, expiresIn: 60 },
  );

function context(bearer: string) {
  const request: { headers: Record<string, string>; principal?: Principal } = {
    headers: { authorization: `Bearer ${bearer}` },
  };
  const ctx = {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => undefined,
    getClass: () => undefined,
  } as unknown as ExecutionContext;
  return { ctx, request };
}

describe('AuthGuard and named persons’ sessions', () => {
  const ended = new Set<string>();
  const revocation: ClientRevocationCheck = {
    isRevoked: async () => false,
    isSessionEnded: async (sid) => ended.has(sid),
  };
  const guard = new AuthGuard(
    jwt,
    { getAllAndOverride: () => undefined } as unknown as Reflector,
    revocation,
  );
  const sid = '8b78adce-138f-4bf6-a389-ef4cfff2f9b0';
  const per = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b';

  it('accepts an open session and names the person in the principal', async () => {
    const { ctx, request } = context(token({ per, sid }, 'person:wang.fang'));
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(request.principal).toMatchObject({
      clientId: 'person:wang.fang',
      person: { id: per, login: 'wang.fang', sessionId: sid },
    });
  });

  it('refuses the token once its session ended (sign-out, account disabled, password reset)', async () => {
    ended.add(sid);
    const { ctx } = context(token({ per, sid }, 'person:wang.fang'));
    await expect(guard.canActivate(ctx)).rejects.toThrow(UnauthorizedException);
    ended.delete(sid);
  });

  it('refuses a session claim that is not a string', async () => {
    const { ctx } = context(token({ per, sid: 42 }, 'person:wang.fang'));
    await expect(guard.canActivate(ctx)).rejects.toThrow('The session has ended');
  });

  it('leaves a client token without person', async () => {
    const { ctx, request } = context(token({}, 'reg-customs-1'));
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(request.principal?.person).toBeUndefined();
  });
});
