import { FieldValidationException } from '@swx/platform';

import { Scopes } from '../auth/principal';
import { staffScopes, toStaffAccountResponse } from './manage-staff-accounts.usecase';
import type { StaffAccount } from './staff-account.entity';

describe('staff account scopes and answers', () => {
  it('gives each kind its default scopes, never personal data unless asked for', () => {
    expect(staffScopes('regulator', undefined)).toEqual([Scopes.RegulatorRead]);
    expect(staffScopes('operator', undefined)).toEqual([
      Scopes.RegistryRead,
      Scopes.RegistryWrite,
      Scopes.CredentialsManage,
    ]);
    expect(staffScopes('regulator', [Scopes.RegulatorRead, Scopes.PersonalData])).toEqual([
      Scopes.RegulatorRead,
      Scopes.PersonalData,
    ]);
  });

  it.each([
    ['regulator', [Scopes.CredentialsManage]],
    ['regulator', [Scopes.DocumentsWrite]],
    ['operator', [Scopes.PersonalData]],
    ['operator', [Scopes.ForexBank]],
  ] as const)('refuses for %s staff the scopes %j (field error on scopes)', (kind, scopes) => {
    const error = (() => {
      try {
        staffScopes(kind, [...scopes]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FieldValidationException);
    expect((error as FieldValidationException).errors[0]).toMatchObject({
      path: 'scopes',
      rule: 'grantable',
    });
  });

  it('answers an account without its password hash, disabled as a status', () => {
    const at = new Date('2026-11-30T02:00:00.000Z');
    const account: StaffAccount = {
      id: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      login: 'wang.fang',
      displayName: '王芳',
      kind: 'regulator',
      agency: 'customs',
      scopes: [Scopes.RegulatorRead],
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      passwordSetAt: at,
      disabledAt: at,
      lastSignInAt: null,
      createdBy: 'operator',
      createdAt: at,
    };
    const answer = toStaffAccountResponse(account);
    expect(answer.status).toBe('disabled');
    expect(JSON.stringify(answer)).not.toContain('argon2');
    expect(answer).not.toHaveProperty('passwordHash');
  });
});
