import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, Matches } from 'class-validator';

import { CEB_MESSAGE_TYPES, type CebMessageType, CUSTOMS_CODE, DEMO_ENTERPRISES } from '@swx/contracts';

/** ISO 8601 date-time with an explicit offset (`+08:00` China time, or `Z`), to the second. */
export const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

export class AuthoriseTransmitterRequest {
  @ApiProperty({
    description:
      'Customs code of the transmitter (传输企业, the `copCode` of `BaseTransfer`): a registered enterprise ' +
      'that sends documents in the name of this one',
    example: DEMO_ENTERPRISES.agent.customsCode,
  })
  @Matches(CUSTOMS_CODE, { message: 'transmitterCode must be 10 digits or capital letters' })
  transmitterCode!: string;

  @ApiProperty({
    description: 'The CEB message types it may transmit for this enterprise',
    enum: CEB_MESSAGE_TYPES,
    isArray: true,
    example: ['CEB621', 'CEB623', 'CEB625'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CEB_MESSAGE_TYPES.length)
  @ArrayUnique()
  @IsIn(CEB_MESSAGE_TYPES, { each: true })
  messageTypes!: CebMessageType[];

  @ApiProperty({
    description:
      'End of the authorisation (exclusive), ISO 8601 with its offset, China time (+08:00) as a rule; in the future',
    example: '2027-12-31T23:59:59+08:00',
  })
  @Matches(OFFSET_DATE_TIME, {
    message: 'validUntil must be an ISO 8601 date-time with an offset, e.g. 2027-12-31T23:59:59+08:00',
  })
  validUntil!: string;
}

export class TransmitterAuthorisation {
  @ApiProperty({ description: 'The enterprise that authorised (委托方)', example: '3301960003' })
  partyCode!: string;

  @ApiProperty({ description: 'The authorised transmitter', example: '3301960099' })
  transmitterCode!: string;

  @ApiProperty({ enum: CEB_MESSAGE_TYPES, isArray: true, example: ['CEB621', 'CEB623', 'CEB625'] })
  messageTypes!: string[];

  @ApiProperty({ description: 'End of the authorisation, China time', example: '2027-12-31T23:59:59+08:00' })
  validUntil!: string;

  @ApiProperty({ description: 'Whether it has passed (`validUntil` reached)', example: false })
  expired!: boolean;

  @ApiProperty({
    description: 'When it was (last) granted, China time',
    example: '2026-11-30T10:00:00+08:00',
  })
  grantedAt!: string;
}

export class TransmitterAuthorisationList {
  @ApiProperty({ type: [TransmitterAuthorisation] })
  items!: TransmitterAuthorisation[];

  @ApiPropertyOptional({ description: 'Absent: the list is complete (an enterprise has few transmitters)' })
  nextCursor?: string;
}
