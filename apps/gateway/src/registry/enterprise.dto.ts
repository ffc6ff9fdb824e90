import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import {
  CUSTOMS_CODE,
  DEMO_BUYER,
  DEMO_ENTERPRISES,
  ENTERPRISE_KINDS,
  ENTERPRISE_ROLES,
  ENTERPRISE_STATUSES,
  EnterpriseContact,
  type EnterpriseKind,
  type EnterpriseRole,
  type EnterpriseStatus,
  IsUnifiedSocialCreditCode,
  RESIDENT_ID_NUMBER,
} from '@swx/contracts';

import { PageQuery } from './page';
import { OnlyForKind, requiredForKindOrPresent } from './only-for-kind';

const PAYMENT = DEMO_ENTERPRISES.payment;
export const CONTACT_EXAMPLE: EnterpriseContact = {
  name: '李明',
  telephone: '0755-86013388',
  email: 'customs@tenpay.example.com',
};

const ROLES_DESCRIPTION =
  'Roles the enterprise is registered in: `ebp` e-commerce platform, `ebc` seller, `pay` payment company, ' +
  '`logistics`, `agent` customs broker, `warehouse`, `service` foreign-trade service company';

export class RegisterEnterpriseRequest {
  @ApiProperty({
    description: 'Customs registration code (海关注册编码): 10 digits or capitals; the key of the record',
    example: PAYMENT.customsCode,
  })
  @Matches(CUSTOMS_CODE, { message: 'customsCode must be 10 digits or capital letters' })
  customsCode!: string;

  @ApiProperty({
    description:
      '`enterprise`, or `individual` for an individual seller (个人电商), who has an ID number instead',
    enum: ENTERPRISE_KINDS,
    example: 'enterprise',
  })
  @IsIn(ENTERPRISE_KINDS)
  kind!: EnterpriseKind;

  @ApiPropertyOptional({
    description:
      'Unified social credit code (统一社会信用代码, GB 32100-2015, check character verified). Required for ' +
      'enterprises, not allowed for individuals.',
    example: PAYMENT.creditCode,
  })
  @ValidateIf(requiredForKindOrPresent('creditCode', ['enterprise']))
  @IsUnifiedSocialCreditCode()
  @OnlyForKind(['enterprise'])
  creditCode?: string;

  @ApiPropertyOptional({
    description:
      'Resident ID card number (18 characters) of an individual seller. Required for individuals, not ' +
      'allowed for enterprises. Personal data: masked in answers to callers without `personal-data:read`.',
    example: DEMO_BUYER.idNumber,
  })
  @ValidateIf(requiredForKindOrPresent('idNumber', ['individual']))
  @Matches(RESIDENT_ID_NUMBER, { message: 'idNumber must be 17 digits followed by a digit or X' })
  @OnlyForKind(['individual'])
  idNumber?: string;

  @ApiProperty({ description: 'Registered name (企业名称, or the individual’s name)', example: PAYMENT.name })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    description: ROLES_DESCRIPTION,
    enum: ENTERPRISE_ROLES,
    isArray: true,
    example: PAYMENT.roles,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ENTERPRISE_ROLES, { each: true })
  roles!: EnterpriseRole[];

  @ApiProperty({ description: 'One to five contacts', type: [EnterpriseContact], example: [CONTACT_EXAMPLE] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => EnterpriseContact)
  contacts!: EnterpriseContact[];

  @ApiPropertyOptional({
    description:
      'District or park of the pilot zone the enterprise is registered in (区县/园区), for statistics by district',
    maxLength: 60,
    example: '钱塘区 综合保税区',
  })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  district?: string;
}

/** The fields a change (变更) may set; the customs code, kind, credit code and ID number identify the record. */
export class ChangeEnterpriseRequest {
  @ApiPropertyOptional({ description: 'New registered name', example: PAYMENT.name })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    description: `${ROLES_DESCRIPTION}. Replaces the current roles.`,
    enum: ENTERPRISE_ROLES,
    isArray: true,
    example: ['pay', 'service'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ENTERPRISE_ROLES, { each: true })
  roles?: EnterpriseRole[];

  @ApiPropertyOptional({
    description: 'Replaces the current contacts (one to five)',
    type: [EnterpriseContact],
    example: [CONTACT_EXAMPLE],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => EnterpriseContact)
  contacts?: EnterpriseContact[];

  @ApiPropertyOptional({
    description:
      'District or park of the pilot zone the enterprise is registered in (区县/园区), for statistics by district',
    maxLength: 60,
    example: '钱塘区 综合保税区',
  })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  district?: string;
}

export class SuspendEnterpriseRequest {
  @ApiProperty({
    description: 'Why the registration is suspended; shown to regulators and published with the record',
    maxLength: 200,
    example: '企业信用等级降为失信企业',
  })
  @IsString()
  @Length(1, 200)
  reason!: string;
}

export class ListEnterprisesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only enterprises registered in this role', enum: ENTERPRISE_ROLES })
  @IsOptional()
  @IsIn(ENTERPRISE_ROLES)
  role?: EnterpriseRole;

  @ApiPropertyOptional({ description: 'Only enterprises in this status', enum: ENTERPRISE_STATUSES })
  @IsOptional()
  @IsIn(ENTERPRISE_STATUSES)
  status?: EnterpriseStatus;

  @ApiPropertyOptional({ description: 'Only enterprises or only individuals', enum: ENTERPRISE_KINDS })
  @IsOptional()
  @IsIn(ENTERPRISE_KINDS)
  kind?: EnterpriseKind;
}

export class EnterpriseResponse {
  @ApiProperty({ description: 'Customs registration code (海关注册编码)', example: PAYMENT.customsCode })
  customsCode!: string;

  @ApiProperty({
    description: 'Enterprise or individual seller',
    enum: ENTERPRISE_KINDS,
    example: 'enterprise',
  })
  kind!: EnterpriseKind;

  @ApiPropertyOptional({
    description: 'Unified social credit code (enterprises)',
    example: PAYMENT.creditCode,
  })
  creditCode?: string;

  @ApiPropertyOptional({
    description:
      'ID number (individuals); masked (`110***********0012`) unless the caller has `personal-data:read`',
    example: '110***********0012',
  })
  idNumber?: string;

  @ApiProperty({ description: 'Registered name', example: PAYMENT.name })
  name!: string;

  @ApiProperty({
    description: ROLES_DESCRIPTION,
    enum: ENTERPRISE_ROLES,
    isArray: true,
    example: PAYMENT.roles,
  })
  roles!: EnterpriseRole[];

  @ApiProperty({ description: 'Contacts', type: [EnterpriseContact], example: [CONTACT_EXAMPLE] })
  contacts!: EnterpriseContact[];

  @ApiProperty({
    description: '`suspended` registrations cannot obtain or use access tokens',
    enum: ENTERPRISE_STATUSES,
    example: 'active',
  })
  status!: EnterpriseStatus;

  @ApiPropertyOptional({
    description: 'Why it is suspended (suspended only)',
    example: '企业信用等级降为失信企业',
  })
  suspensionReason?: string;

  @ApiPropertyOptional({
    description: 'District or park (区县/园区), when registered',
    example: '钱塘区 综合保税区',
  })
  district?: string;

  @ApiProperty({
    description: 'Grows by one at every change; the `EnterpriseChanged` event carries the same number',
    example: 1,
  })
  version!: number;

  @ApiProperty({
    description: 'When it was registered',
    format: 'date-time',
    example: '2026-11-21T09:30:00.000Z',
  })
  registeredAt!: string;

  @ApiProperty({
    description: 'When it last changed',
    format: 'date-time',
    example: '2026-11-21T09:30:00.000Z',
  })
  updatedAt!: string;
}

export class EnterprisePage {
  @ApiProperty({ description: 'Enterprises in customs-code order', type: [EnterpriseResponse] })
  items!: EnterpriseResponse[];

  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last page',
    type: String,
    nullable: true,
    example: null,
  })
  nextCursor!: string | null;
}
