import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';

import { ALL_SCOPES } from '../auth/client-scopes';
import { AGENCIES, type Agency, type Scope, Scopes } from '../auth/principal';
import { OnlyForKind, requiredForKindOrPresent } from '../registry/only-for-kind';
import type { StaffKind } from './staff-account.entity';
import { LOGIN_PATTERN, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './staff-password';

export const STAFF_KINDS: StaffKind[] = ['regulator', 'operator'];

const SCOPES_DESCRIPTION =
  'Regulators: `regulator:read` (the default), optionally `personal-data:read` (clear buyer ID numbers and ' +
  'phones, every read audited with the person). Operators: `registry:read`, `registry:write`, ' +
  '`credentials:manage` (the default).';

export class CreateStaffAccountRequest {
  @ApiProperty({
    description: 'Sign-in name: 3-40 lower-case letters, digits, `.`, `_`, `-`',
    example: 'wang.fang',
  })
  @Matches(LOGIN_PATTERN, {
    message: 'login must be 3-40 lower-case letters, digits, dots, dashes or underscores',
  })
  login!: string;

  @ApiProperty({ description: 'The person’s name as audits show it', example: '王芳 (杭州海关 风险处)' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ description: 'Staff of a regulator agency or of the platform operator', enum: STAFF_KINDS })
  @IsIn(STAFF_KINDS)
  kind!: StaffKind;

  @ApiPropertyOptional({ description: 'Agency (regulators only, required for them)', enum: AGENCIES })
  @ValidateIf(requiredForKindOrPresent('agency', ['regulator']))
  @IsIn(AGENCIES)
  @OnlyForKind(['regulator'])
  agency?: Agency;

  @ApiPropertyOptional({
    description: `Scopes of the person; leave out for the default of the kind. ${SCOPES_DESCRIPTION}`,
    enum: ALL_SCOPES,
    isArray: true,
    example: [Scopes.RegulatorRead],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ALL_SCOPES, { each: true })
  scopes?: Scope[];

  @ApiPropertyOptional({
    description:
      `Initial password (${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters, not containing the login). ` +
      'Leave out to have one generated and returned once.',
    example: 'Qiantang-Tide-2026',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  password?: string;
}

export class UpdateStaffAccountRequest {
  @ApiPropertyOptional({ example: '王芳 (杭州海关 稽查处)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional({
    description: `New scopes (ends the person’s open sessions). ${SCOPES_DESCRIPTION}`,
    enum: ALL_SCOPES,
    isArray: true,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ALL_SCOPES, { each: true })
  scopes?: Scope[];

  @ApiPropertyOptional({
    description: '`true` disables the account (its sessions stop working at once); `false` enables it again',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ResetStaffPasswordRequest {
  @ApiPropertyOptional({
    description: 'The new password; leave out to have one generated and returned once',
    example: 'West-Lake-Rain-17',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  password?: string;
}

export class ChangeOwnPasswordRequest {
  @ApiProperty({ description: 'The password signed in with', example: 'Qiantang-Tide-2026' })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  currentPassword!: string;

  @ApiProperty({
    description: `The new password (${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters, not containing the login)`,
    example: 'Grand-Canal-Boat-88',
  })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  newPassword!: string;
}

export class StaffAccountResponse {
  @ApiProperty({ format: 'uuid', example: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b' })
  id!: string;

  @ApiProperty({ example: 'wang.fang' })
  login!: string;

  @ApiProperty({ example: '王芳 (杭州海关 风险处)' })
  displayName!: string;

  @ApiProperty({ enum: STAFF_KINDS, example: 'regulator' })
  kind!: StaffKind;

  @ApiPropertyOptional({ enum: AGENCIES, nullable: true, example: 'customs' })
  agency!: Agency | null;

  @ApiProperty({ type: [String], example: [Scopes.RegulatorRead] })
  scopes!: Scope[];

  @ApiProperty({ enum: ['active', 'disabled'], example: 'active' })
  status!: 'active' | 'disabled';

  @ApiProperty({ format: 'date-time' })
  passwordSetAt!: string;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  lastSignInAt!: string | null;

  @ApiProperty({ description: 'Client id (or person) of the operator who issued it', example: 'operator' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class StaffAccountWithPasswordResponse extends StaffAccountResponse {
  @ApiPropertyOptional({
    description: 'The generated password, shown this once (absent when the operator chose it)',
    example: 'Qm3v9XkD2hN7pL0sR5tW8yZa',
  })
  password?: string;
}

export class StaffAccountList {
  @ApiProperty({ type: [StaffAccountResponse] })
  items!: StaffAccountResponse[];
}

export class SignInRequest {
  @ApiProperty({ example: 'wang.fang' })
  @IsString()
  @Length(1, 100)
  login!: string;

  @ApiProperty({ example: 'correct-horse-battery' })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  password!: string;
}

export class SignedInPerson {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'wang.fang' })
  login!: string;

  @ApiProperty({ example: '王芳 (杭州海关 风险处)' })
  displayName!: string;

  @ApiProperty({ enum: STAFF_KINDS })
  kind!: StaffKind;

  @ApiPropertyOptional({ enum: AGENCIES, nullable: true })
  agency!: Agency | null;

  @ApiProperty({ type: [String], example: [Scopes.RegulatorRead] })
  scopes!: Scope[];
}

export class SignInResponse {
  @ApiProperty({
    description:
      'Session token: send as `Authorization: Bearer` to the /v1 API, like a client’s access token',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…',
  })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Lifetime in seconds (AUTH_TOKEN_TTL_SECONDS)', example: 900 })
  expiresIn!: number;

  @ApiProperty({ type: SignedInPerson })
  person!: SignedInPerson;
}
