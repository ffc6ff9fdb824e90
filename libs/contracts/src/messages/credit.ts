import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

import { ENTERPRISE_CODE } from '../ceb/patterns';

/** The credit lists (名录): abnormal operation (经营异常名录), blacklist (黑名单), whitelist (白名单). */
export const CREDIT_LISTS = ['abnormal', 'blacklist', 'whitelist'] as const;
export type CreditList = (typeof CREDIT_LISTS)[number];

/** How an entry came about: a regulator's decision, or a rule of the scoring model. */
export const CREDIT_LIST_BASES = ['decision', 'rule'] as const;
export type CreditListBasis = (typeof CREDIT_LIST_BASES)[number];

/**
 * `active` while the entry holds; `ended` at its end date or when its rule no longer holds; `repaired` after a
 * credit repair (信用修复); `revoked` when an appeal against it was upheld.
 */
export const CREDIT_LIST_ENTRY_STATUSES = ['active', 'ended', 'repaired', 'revoked'] as const;
export type CreditListEntryStatus = (typeof CREDIT_LIST_ENTRY_STATUSES)[number];

/**
 * Payload of `credit.external.list-entry.changed.v1`: an enterprise entered a credit list or left it. One entry
 * has one `entryId`; its latest `changedAt` wins. The gateway refuses new declarations of a blacklisted
 * enterprise (an access decision) and tells the enterprise through its receipt feed.
 */
export class CreditListEntryChanged {
  @ApiProperty({ example: '7f0c1e0a-5d1b-4f7e-9b43-0d6c3a1f2e11' })
  @IsString()
  @Length(1, 100)
  entryId!: string;

  @ApiProperty({ description: 'Customs code of the enterprise or individual seller', example: '3301968AAA' })
  @Matches(ENTERPRISE_CODE)
  enterpriseCode!: string;

  @ApiProperty({ enum: CREDIT_LISTS })
  @IsIn(CREDIT_LISTS)
  list!: CreditList;

  @ApiProperty({ enum: CREDIT_LIST_ENTRY_STATUSES })
  @IsIn(CREDIT_LIST_ENTRY_STATUSES)
  status!: CreditListEntryStatus;

  @ApiProperty({ enum: CREDIT_LIST_BASES })
  @IsIn(CREDIT_LIST_BASES)
  basis!: CreditListBasis;

  @ApiProperty({ description: 'Why, in words the enterprise can act on', example: '法院判决：走私普通货物' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiProperty({ description: 'When the entry starts (ISO 8601)' })
  @IsISO8601({ strict: true })
  startAt!: string;

  @ApiProperty({ required: false, description: 'When it ends by itself (ISO 8601); none: until repaired' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endAt?: string;

  @ApiProperty({ description: 'When this change was decided (ISO 8601): the latest wins' })
  @IsISO8601({ strict: true })
  changedAt!: string;

  @ApiProperty({
    description: 'How to appeal or apply for credit repair',
    example: 'POST /v1/credit/appeals {"target":"list-entry","targetId":"<entryId>"}',
  })
  @IsString()
  @Length(1, 300)
  appeal!: string;
}
