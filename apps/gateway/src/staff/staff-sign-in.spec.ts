import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';

import type { ClientRevocationService } from '../auth/client-revocation.service';
import { principalOf, type VerifiedToken } from '../auth/jwt-claims';
import { TokenRequestsLocked, type TokenThrottle } from '../auth/token-throttle';
import type { GatewayEnv } from '../gateway.env';
import { StaffAccount } from './staff-account.entity';
import { hashPassword } from './staff-password';
import { SignInLocked, signInThrottleKey, StaffSignIn } from './staff-sign-in.usecase';

const SECRET = 'unit-test-secret-0123456789abcdef0123';

/** A throttle that remembers what it was told, locked when `locked` is set. */
class FakeThrottle {
  failures: string[] = [];
  successes: string[] = [];
  locked?: number;
  async assertOpen(): Promise<void> {
    if (this.locked) throw new TokenRequestsLocked(this.locked);
  }
  async recordFailure(key: string): Promise<void> {
    this.failures.push(key);
  }
  async recordSuccess(key: string): Promise<void> {
    this.successes.push(key);
  }
}

async function setUp(account: Partial<StaffAccount> | null) {
  const stored: StaffAccount | null = account && {
    id: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
    login: 'wang.fang',
    displayName: '王芳',
    kind: 'regulator',
    agency: 'customs',
    scopes: ['regulator:read'],
    passwordHash: await hashPassword('Correct-horse-77'),
    passwordSetAt: new Date(),
    disabledAt: null,
    lastSignInAt: null,
    createdBy: 'operator',
    createdAt: new Date(),
    ...account,
  };
  const sessions: unknown[][] = [];
  const manager = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.includes('INSERT INTO "gateway"."staff_session"')) sessions.push(params);
      return [];
    },
  };
  const dataSource = {
    getRepository: () => ({
      findOneBy: async ({ login }: { login: string }) => (stored && stored.login === login ? stored : null),
    }),
    transaction: async (work: (m: typeof manager) => Promise<unknown>) => work(manager),
    query: manager.query,
  } as unknown as DataSource;
  const throttle = new FakeThrottle();
  const jwt = new JwtService({ secret: SECRET, signOptions: { expiresIn: 900 } });
  const signIn = new StaffSignIn(
    dataSource,
    jwt,
    { AUTH_TOKEN_TTL_SECONDS: 900 } as GatewayEnv,
    throttle as unknown as TokenThrottle,
    { forgetSessions: () => undefined } as unknown as ClientRevocationService,
  );
  return { signIn, throttle, sessions, jwt };
}

describe('staff sign-in', () => {
  it('signs a named person in as a regulator of its agency, the person in the principal', async () => {
    const { signIn, throttle, sessions, jwt } = await setUp({});
    const answer = await signIn.signIn({ login: ' Wang.Fang ', password: 'Correct-horse-77' }, '10.0.0.1');
    expect(answer.person).toMatchObject({
      login: 'wang.fang',
      agency: 'customs',
      scopes: ['regulator:read'],
    });
    expect(throttle.successes).toEqual([signInThrottleKey('wang.fang')]);
    expect(sessions).toHaveLength(1);
    const principal = principalOf(jwt.verify<VerifiedToken>(answer.accessToken));
    expect(principal).toMatchObject({
      clientId: 'person:wang.fang',
      kind: 'regulator',
      agency: 'customs',
      scopes: ['regulator:read'],
      person: { id: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b', login: 'wang.fang', sessionId: sessions[0][0] },
    });
  });

  it.each([
    ['a wrong password', {}, 'Correct-horse-78'],
    ['a disabled account, even with its password', { disabledAt: new Date() }, 'Correct-horse-77'],
  ])('refuses %s and counts the failure', async (_what, account, password) => {
    const { signIn, throttle, sessions } = await setUp(account);
    await expect(signIn.signIn({ login: 'wang.fang', password }, '10.0.0.1')).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    expect(throttle.failures).toEqual([signInThrottleKey('wang.fang')]);
    expect(sessions).toHaveLength(0);
  });

  it('refuses an unknown login the same way (after hashing a decoy)', async () => {
    const { signIn, throttle } = await setUp(null);
    await expect(
      signIn.signIn({ login: 'nobody', password: 'Correct-horse-77' }, '10.0.0.1'),
    ).rejects.toThrow('Unknown login, wrong password, or disabled account');
    expect(throttle.failures).toEqual([signInThrottleKey('nobody')]);
  });

  it('answers a locked login 429 with the wait, before checking any password', async () => {
    const { signIn, throttle } = await setUp({});
    throttle.locked = 8;
    const error = await signIn
      .signIn({ login: 'wang.fang', password: 'Correct-horse-77' }, '10.0.0.1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInLocked);
    expect((error as SignInLocked).getStatus()).toBe(429);
    expect((error as SignInLocked).retryAfterSeconds).toBe(8);
    expect(throttle.successes).toEqual([]);
  });

  it('keeps logins apart from client ids in the throttle (a client id never has a colon)', () => {
    expect(signInThrottleKey('operator')).toBe('staff:operator');
  });
});
