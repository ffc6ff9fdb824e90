import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { Topics } from '@swx/contracts';
import { QueryInteger } from '@swx/platform';

const TOPIC_EXAMPLE = `${Topics.ClearanceStatusChanged.name},${Topics.ImportOrderAccepted.name}`;

export class EventStreamQuery {
  @ApiPropertyOptional({
    description:
      'Topic names, comma-separated (the external topics of the AsyncAPI document your agency is entitled to). ' +
      'Absent: every topic of your agency.',
    example: TOPIC_EXAMPLE,
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  topics?: string;

  @ApiPropertyOptional({
    description:
      'Opaque cursor: the `nextCursor` of a page, or the `id` of the last event of a stream (the stream also ' +
      'takes it as the `Last-Event-ID` header, which browsers send when they reconnect). Absent: from the ' +
      'oldest event kept (EVENT_FEED_RETENTION_DAYS), or from now with `from=now`. No example: a first read ' +
      'starts without one.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({
    description:
      'Where to start without a cursor: `beginning` (default) or `now` (only events recorded from now)',
    enum: ['beginning', 'now'],
    example: 'beginning',
  })
  @IsOptional()
  @IsIn(['beginning', 'now'])
  from?: 'beginning' | 'now';

  @ApiPropertyOptional({ description: 'Events per JSON page, 1..500', example: 100, default: 100 })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

export class EventDto {
  @ApiProperty({
    description: 'Position of this event: pass it as `after` (or `Last-Event-ID`) to continue after it',
    example: 'ZTE6NzQ2OjEy',
  })
  cursor!: string;

  @ApiProperty({ description: 'Id of the Kafka message (the envelope id)', format: 'uuid' })
  eventId!: string;

  @ApiProperty({ description: 'The topic it was published on', example: Topics.ClearanceStatusChanged.name })
  topic!: string;

  @ApiProperty({ description: 'Its message type (AsyncAPI message name)', example: 'ClearanceStatusChanged' })
  messageType!: string;

  @ApiProperty({ description: 'Its Kafka key', nullable: true, example: 'ORDER20261130001' })
  key!: string | null;

  @ApiProperty({
    description: 'When the producer says it happened (ISO 8601)',
    example: '2026-11-30T02:15:00.000Z',
  })
  occurredAt!: string;

  @ApiProperty({
    description:
      'The payload as the topic carries it (AsyncAPI schema of the message type): person fields are person ' +
      'tokens with masked values beside them, never in clear',
    type: 'object',
    additionalProperties: true,
    example: { listIdentity: '3301968AAA:ORDER20261130001', status: '800' },
  })
  payload!: object;
}

export class EventPageResponse {
  @ApiProperty({ type: [EventDto] })
  events!: EventDto[];

  @ApiProperty({
    description: 'Pass as `after` to continue (at the end: the position to poll from)',
    example: 'ZTE6NzQ5OjE1',
  })
  nextCursor!: string;

  @ApiProperty({ description: 'Whether more events are already waiting after this page', example: false })
  hasMore!: boolean;
}

export class CreateEventSubscriptionRequest {
  @ApiProperty({
    description:
      'Endpoint that receives the events as signed POSTs (http or https). Loopback, private, link-local and ' +
      'metadata addresses are refused, also when a host name resolves to one.',
    example: 'https://regulator.example.gov.cn/single-window/events',
    maxLength: 2000,
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({
    description: 'Topic names; absent or empty: every topic your agency is entitled to',
    type: [String],
    example: [Topics.ClearanceStatusChanged.name],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  topics?: string[];

  @ApiPropertyOptional({
    description: '`now` (default): events recorded from now on; `beginning`: every event still kept',
    enum: ['now', 'beginning'],
    example: 'now',
  })
  @IsOptional()
  @IsIn(['now', 'beginning'])
  from?: 'now' | 'beginning';

  @ApiPropertyOptional({
    description: 'Your own note about the endpoint',
    example: 'risk desk',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class EventSubscriptionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'https://regulator.example.gov.cn/single-window/events' })
  url!: string;

  @ApiProperty({ nullable: true, example: 'risk desk' })
  description!: string | null;

  @ApiProperty({ type: [String], example: [Topics.ClearanceStatusChanged.name] })
  topics!: string[];

  @ApiProperty({
    description: 'Position after the last event your endpoint acknowledged',
    example: 'ZTE6NzQ5OjE1',
  })
  cursor!: string;

  @ApiProperty({ description: 'Events acknowledged so far', example: 42 })
  deliveredEvents!: number;

  @ApiProperty({ description: 'Failed pushes in a row (0 after a success)', example: 0 })
  failures!: number;

  @ApiProperty({
    description: 'When the next push is due; null while waiting for new events',
    nullable: true,
    example: null,
  })
  nextAttemptAt!: string | null;

  @ApiProperty({ nullable: true, example: '2026-11-30T02:15:01.000Z' })
  lastAttemptAt!: string | null;

  @ApiProperty({ nullable: true, example: 204 })
  lastHttpStatus!: number | null;

  @ApiProperty({ nullable: true, example: null })
  lastError!: string | null;

  @ApiProperty({ example: '2026-11-30T02:00:00.000Z' })
  createdAt!: string;
}

export class CreatedEventSubscriptionResponse extends EventSubscriptionResponse {
  @ApiProperty({
    description: 'Signing secret of the pushes, shown only in this answer',
    example: 'whsec_3q2-7wEXAMPLEonlyDoNotUse0123456789abcdefgh',
  })
  secret!: string;
}

export class EventSubscriptionListResponse {
  @ApiProperty({ type: [EventSubscriptionResponse] })
  subscriptions!: EventSubscriptionResponse[];
}
