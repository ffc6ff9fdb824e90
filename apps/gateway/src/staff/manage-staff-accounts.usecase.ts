import { randomUUID } from 'node:crypto';

import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { FieldValidationException } from '@swx/platform';

import { ClientRevocationService } from '../auth/client-revocation.service';
import { CLIENT_SCOPE_POLICY } from '../auth/client-scopes';
import type { Principal, Scope } from '../auth/principal';
import {
  CreateStaffAccountRequest,
  ResetStaffPasswordRequest,
  StaffAccountResponse,
  StaffAccountWithPasswordResponse,
  UpdateStaffAccountRequest,
} from './staff.dto';
import { StaffAccount, StaffKind } from './staff-account.entity';
import { generatePassword, hashPassword, passwordProblem } from './staff-password';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toStaffAccountResponse(a: StaffAccount): StaffAccountResponse {
  return {
    id: a.id,
    login: a.login,
    displayName: a.displayName,
    kind: a.kind,
    agency: a.agency,
    scopes: a.scopes,
    status: a.disabledAt ? 'disabled' : 'active',
    passwordSetAt: a.passwordSetAt.toISOString(),
    lastSignInAt: a.lastSignInAt?.toISOString() ?? null,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
  };
}

/** The scopes a person of `kind` gets: the asked ones when all are grantable to the kind, else a field error. */
export function staffScopes(kind: StaffKind, asked: Scope[] | undefined): Scope[] {
  const policy = CLIENT_SCOPE_POLICY[kind];
  if (asked === undefined) return [...policy.defaults];
  const beyond = asked.filter((s) => !policy.grantable.includes(s));
  if (beyond.length > 0) {
    throw new FieldValidationException([
      { path: 'scopes', rule: 'grantable', message: `not for ${kind} staff: ${beyond.join(', ')}` },
    ]);
  }
  return asked;
}

function checkPassword(password: string, login: string, path = 'password'): void {
  const problem = passwordProblem(password, login);
  if (problem) throw new FieldValidationException([{ path, rule: 'passwordPolicy', message: problem }]);
}

/**
 * An operator issues, lists, changes, disables and re-enables named staff accounts and resets their passwords.
 * Disabling, a password reset or new scopes end the person's open sessions at once on this instance, and within
 * REVOCATION_CACHE_TTL_MS on the others. Passwords are never stored or logged: only their argon2id hash.
 */
@Injectable()
export class ManageStaffAccounts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revocation: ClientRevocationService,
  ) {}

  async create(
    request: CreateStaffAccountRequest,
    operator: Principal,
  ): Promise<StaffAccountWithPasswordResponse> {
    const scopes = staffScopes(request.kind, request.scopes);
    if (request.password !== undefined) checkPassword(request.password, request.login);
    const password = request.password ?? generatePassword();
    const now = new Date();
    const account: StaffAccount = {
      id: randomUUID(),
      login: request.login,
      displayName: request.displayName,
      kind: request.kind,
      agency: request.kind === 'regulator' ? (request.agency ?? null) : null,
      scopes,
      passwordHash: await hashPassword(password),
      passwordSetAt: now,
      disabledAt: null,
      lastSignInAt: null,
      createdBy: operator.clientId,
      createdAt: now,
    };
    const inserted: unknown[] = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(StaffAccount)
      .values(account)
      .orIgnore()
      .returning('id')
      .execute()
      .then((r) => r.raw as unknown[]);
    if (inserted.length === 0) throw new ConflictException(`The login ${request.login} is taken`);
    return {
      ...toStaffAccountResponse(account),
      ...(request.password === undefined ? { password } : {}),
    };
  }

  async list(): Promise<StaffAccountResponse[]> {
    const accounts = await this.dataSource.getRepository(StaffAccount).find({ order: { login: 'ASC' } });
    return accounts.map(toStaffAccountResponse);
  }

  async get(id: string): Promise<StaffAccountResponse> {
    return toStaffAccountResponse(await this.find(this.dataSource.manager, id));
  }

  async update(id: string, request: UpdateStaffAccountRequest): Promise<StaffAccountResponse> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const account = await this.find(manager, id, true);
      let endSessions = false;
      if (request.displayName !== undefined) account.displayName = request.displayName;
      if (request.scopes !== undefined) {
        account.scopes = staffScopes(account.kind, request.scopes);
        endSessions = true;
      }
      if (request.disabled === true && !account.disabledAt) {
        account.disabledAt = new Date();
        endSessions = true;
      } else if (request.disabled === false) {
        account.disabledAt = null;
      }
      await manager.save(StaffAccount, account);
      if (endSessions) await this.endSessions(manager, id);
      return account;
    });
    this.revocation.forgetSessions();
    return toStaffAccountResponse(updated);
  }

  async resetPassword(
    id: string,
    request: ResetStaffPasswordRequest,
  ): Promise<StaffAccountWithPasswordResponse> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const account = await this.find(manager, id, true);
      if (request.password !== undefined) checkPassword(request.password, account.login);
      const password = request.password ?? generatePassword();
      account.passwordHash = await hashPassword(password);
      account.passwordSetAt = new Date();
      await manager.save(StaffAccount, account);
      await this.endSessions(manager, id);
      return { account, password };
    });
    this.revocation.forgetSessions();
    return {
      ...toStaffAccountResponse(updated.account),
      ...(request.password === undefined ? { password: updated.password } : {}),
    };
  }

  private async find(manager: EntityManager, id: string, lock = false): Promise<StaffAccount> {
    const account = UUID.test(id)
      ? await manager
          .getRepository(StaffAccount)
          .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    if (!account) throw new NotFoundException(`No staff account ${id}`);
    return account;
  }

  private async endSessions(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query(
      `UPDATE "gateway"."staff_session" SET ended_at = now() WHERE account_id = $1 AND ended_at IS NULL`,
      [accountId],
    );
  }
}
