import { randomUUID } from 'node:crypto';

import {
  HttpException,
  HttpStatus,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';

import { FieldValidationException } from '@swx/platform';

import { ClientRevocationService } from '../auth/client-revocation.service';
import { AccessTokenClaims, PERSON_SUBJECT_PREFIX, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../auth/jwt-claims';
import type { Principal } from '../auth/principal';
import { TokenThrottle } from '../auth/token-throttle';
import { GatewayEnv } from '../gateway.env';
import { ChangeOwnPasswordRequest, SignInRequest, SignInResponse } from './staff.dto';
import { StaffAccount } from './staff-account.entity';
import { decoyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './staff-password';

/** A sign-in refused because the login or the source address is locked out for a while. */
export class SignInLocked extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many failed sign-ins for this login or from this address; retry in ${retryAfterSeconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** The throttle key of a login: apart from client ids (an OAuth client id never contains a colon). */
export const signInThrottleKey = (login: string): string => `staff:${login}`;

/**
 * Console sign-in of a named person: login and password (argon2id), throttled like the token endpoint (per login
 * and address, and per address: TokenThrottle), a session row, and a session token the /v1 API accepts like a
 * client's access token — a regulator of the account's agency, or an operator — whose principal names the
 * person (`person:<login>`), so what it reads and decides is audited by person.
 */
@Injectable()
export class StaffSignIn {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly env: GatewayEnv,
    private readonly throttle: TokenThrottle,
    private readonly revocation: ClientRevocationService,
  ) {}

  async signIn(request: SignInRequest, sourceAddress: string): Promise<SignInResponse> {
    const login = request.login.trim().toLowerCase();
    const key = signInThrottleKey(login);
    try {
      await this.throttle.assertOpen(key, sourceAddress);
    } catch (e) {
      const wait = (e as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (wait !== undefined) throw new SignInLocked(wait);
      throw e;
    }
    const account = await this.dataSource.getRepository(StaffAccount).findOneBy({ login });
    const authentic = await verifyPassword(
      request.password,
      account?.passwordHash ?? (await decoyPasswordHash()),
    );
    if (!account || !authentic || account.disabledAt) {
      await this.throttle.recordFailure(key, sourceAddress);
      throw new UnauthorizedException('Unknown login, wrong password, or disabled account');
    }
    await this.throttle.recordSuccess(key, sourceAddress);
    const sessionId = randomUUID();
    const ttl = this.env.AUTH_TOKEN_TTL_SECONDS;
    await this.dataSource.transaction(async (manager) => {
      // Sessions over for a day tell nothing any more (the sign-in itself is in last_sign_in_at).
      if (Math.random() < 0.05)
        await manager.query(
          `DELETE FROM "gateway"."staff_session" WHERE expires_at < now() - interval '1 day'`,
        );
      await manager.query(
        `INSERT INTO "gateway"."staff_session" (id, account_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3::int))`,
        [sessionId, account.id, ttl],
      );
      await manager.query(`UPDATE "gateway"."staff_account" SET last_sign_in_at = now() WHERE id = $1`, [
        account.id,
      ]);
    });
    const claims: AccessTokenClaims = {
      kind: account.kind,
      roles: [],
      ...(account.agency && { agency: account.agency }),
      scope: account.scopes.join(' '),
      per: account.id,
      sid: sessionId,
    };
    const accessToken = await this.jwt.signAsync(claims, {
      subject: `${PERSON_SUBJECT_PREFIX}${account.login}`,
      jwtid: randomUUID(),
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ttl,
      person: {
        id: account.id,
        login: account.login,
        displayName: account.displayName,
        kind: account.kind,
        agency: account.agency,
        scopes: account.scopes,
      },
    };
  }

  /**
   * A signed-in person replaces its own password (one an operator generated or reset, say): the current one is
   * checked under the same throttle as a sign-in, the new one against the policy; the person's other sessions end,
   * this one goes on.
   */
  async changeOwnPassword(
    principal: Principal,
    request: ChangeOwnPasswordRequest,
    sourceAddress: string,
  ): Promise<void> {
    if (!principal.person) throw new NotFoundException('This token is not a person’s console session');
    const { id, login, sessionId } = principal.person;
    const key = signInThrottleKey(login);
    try {
      await this.throttle.assertOpen(key, sourceAddress);
    } catch (e) {
      const wait = (e as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (wait !== undefined) throw new SignInLocked(wait);
      throw e;
    }
    const account = await this.dataSource.getRepository(StaffAccount).findOneBy({ id });
    if (!account || account.disabledAt)
      throw new UnauthorizedException('The session has ended; sign in again');
    if (!(await verifyPassword(request.currentPassword, account.passwordHash))) {
      await this.throttle.recordFailure(key, sourceAddress);
      throw new FieldValidationException([
        { path: 'currentPassword', rule: 'currentPassword', message: 'is not the current password' },
      ]);
    }
    const problem = passwordProblem(request.newPassword, login);
    if (problem)
      throw new FieldValidationException([{ path: 'newPassword', rule: 'passwordPolicy', message: problem }]);
    const hash = await hashPassword(request.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE "gateway"."staff_account" SET password_hash = $2, password_set_at = now() WHERE id = $1`,
        [id, hash],
      );
      await manager.query(
        `UPDATE "gateway"."staff_session" SET ended_at = now() WHERE account_id = $1 AND id <> $2 AND ended_at IS NULL`,
        [id, sessionId],
      );
    });
    await this.throttle.recordSuccess(key, sourceAddress);
    this.revocation.forgetSessions();
  }

  /** Ends the caller's own session: its token stops working at once on this instance, within seconds elsewhere. */
  async signOut(principal: Principal): Promise<boolean> {
    if (!principal.person) return false;
    await this.dataSource.query(
      `UPDATE "gateway"."staff_session" SET ended_at = now() WHERE id = $1 AND ended_at IS NULL`,
      [principal.person.sessionId],
    );
    this.revocation.forgetSessions();
    return true;
  }
}
