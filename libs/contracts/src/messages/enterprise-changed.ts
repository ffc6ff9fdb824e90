import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { ENTERPRISE_ROLES, type EnterpriseRole } from '../ceb/document-descriptor';
import { IsUnifiedSocialCreditCode } from '../ceb/uscc';
import { PERSON_TOKENS } from '../personal-data';

export { IsUnifiedSocialCreditCode, isUnifiedSocialCreditCode, usccCheckCharacter } from '../ceb/uscc';

/** Customs registration code of an enterprise (海关注册编码): 10 digits or capitals. */
export const CUSTOMS_CODE = /^[0-9A-Z]{10}$/;
/** Resident identity card number (GB 11643): 17 digits and a digit or X. */
export const RESIDENT_ID_NUMBER = /^\d{17}[\dX]$/;
/** A telephone number: digits, optionally a leading + and dashes. */
export const TELEPHONE = /^\+?\d[\d-]{4,22}\d$/;

/** An enterprise, or an individual seller (个人电商) who registers with an ID number instead of a credit code. */
export const ENTERPRISE_KINDS = ['enterprise', 'individual'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];

export const ENTERPRISE_STATUSES = ['active', 'suspended'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

/** What happened to the record; the payload is the whole record after it. */
export const ENTERPRISE_CHANGES = ['registered', 'changed', 'suspended', 'reactivated'] as const;
export type EnterpriseChange = (typeof ENTERPRISE_CHANGES)[number];

/** A person the authorities can reach about the registration (联系人). */
export class EnterpriseContact {
  @ApiProperty({ description: 'Contact person', maxLength: 50, example: '李明' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({
    description: 'Telephone: digits, optionally a leading + and dashes',
    example: '0755-86013388',
  })
  @Matches(TELEPHONE, { message: 'telephone must be digits, optionally with a leading + and dashes' })
  telephone!: string;

  @ApiProperty({ description: 'E-mail address', format: 'email', example: 'customs@tenpay.example.com' })
  @IsEmail()
  @Length(3, 254)
  email!: string;
}

/**
 * A contact as topics carry it: the person's name and telephone masked (`李*`, `075*****3388`); the clear
 * values stay in the gateway's registry (docs/personal-data.md).
 */
export class MaskedEnterpriseContact {
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsString()
  @Length(1, 30)
  telephone!: string;

  @IsEmail()
  @Length(3, 254)
  email!: string;
}

/**
 * Payload of `gateway.external.enterprise.changed.v2`, keyed by `customsCode`: the whole registry record
 * (备案) after a registration, change, suspension or reactivation. `version` grows by one at every change, so
 * a subscriber keeps the record with the highest version. No personal data in clear (docs/personal-data.md):
 * an individual's ID number is a person token list with its masked value beside it, an individual's name and
 * the contacts' names and telephones are masked. v1 carried them in clear and is retired.
 */
export class EnterpriseChanged {
  @IsIn(ENTERPRISE_CHANGES)
  change!: EnterpriseChange;

  @Matches(CUSTOMS_CODE)
  customsCode!: string;

  @IsIn(ENTERPRISE_KINDS)
  kind!: EnterpriseKind;

  /** Enterprises only. */
  @ValidateIf((o: EnterpriseChanged) => o.kind === 'enterprise')
  @IsUnifiedSocialCreditCode()
  creditCode?: string;

  /** Individuals only: the person token list of the ID number (`pt1.…`). */
  @ValidateIf((o: EnterpriseChanged) => o.kind === 'individual')
  @Matches(PERSON_TOKENS)
  idNumber?: string;

  /** Individuals only: the masked ID number (`110***********0012`). */
  @ValidateIf((o: EnterpriseChanged) => o.kind === 'individual')
  @IsString()
  @Length(1, 30)
  idNumberMasked?: string;

  /** The enterprise's name; an individual's name masked (`张*`). */
  @IsString()
  @Length(1, 100)
  name!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ENTERPRISE_ROLES, { each: true })
  roles!: EnterpriseRole[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => MaskedEnterpriseContact)
  contacts!: MaskedEnterpriseContact[];

  @IsIn(ENTERPRISE_STATUSES)
  status!: EnterpriseStatus;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  suspensionReason?: string;

  /**
   * The district or park of the zone the enterprise is registered in (区县/园区), for statistics by district;
   * absent when the registry does not say (records registered before it was kept).
   */
  @IsOptional()
  @IsString()
  @Length(1, 60)
  district?: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  registeredAt!: string;

  @IsISO8601({ strict: true })
  updatedAt!: string;
}
