import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import {
  TIMELINE_EVENT_KINDS,
  TIMELINE_SOURCES,
  TRACKING_EVENT_KINDS,
  type TimelineEventKind,
  type TimelineSource,
  type TrackingEventKind,
} from './waybill-status';

/** ISO 8601 with an explicit offset (`Z` or `±hh:mm`): a scan's time never depends on a server's zone. */
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/** One carrier scan (`POST /v1/logistics/tracking-events`). */
export class TrackingEventInput {
  @ApiProperty({ description: '物流运单编号 of the parcel', example: 'LN20261121000001', maxLength: 60 })
  @IsString()
  @Length(1, 60)
  logisticsNo!: string;

  @ApiProperty({ description: 'What happened', enum: TRACKING_EVENT_KINDS, example: 'out-for-delivery' })
  @IsIn(TRACKING_EVENT_KINDS)
  kind!: TrackingEventKind;

  @ApiProperty({
    description: 'When it happened, ISO 8601 with its offset (China time: +08:00)',
    example: '2026-11-23T09:15:00+08:00',
  })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: 'occurredAt must carry its offset (Z or ±hh:mm)' })
  occurredAt!: string;

  @ApiPropertyOptional({
    description: 'Where (site, city, port)',
    example: '杭州市西湖区文三路站',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string;

  @ApiPropertyOptional({
    description: 'Who scanned it (the carrier or its last-mile partner)',
    example: '示范国际物流 杭州配送中心',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  carrier?: string;

  @ApiPropertyOptional({
    description:
      "The carrier's own id of the scan: sending it again is a no-op. Without it the scan is identified by waybill, kind, time and place.",
    example: 'SCAN-20261123-000123',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  scanId?: string;

  @ApiPropertyOptional({
    description: 'Remark (an exception’s reason)',
    example: '收件人地址不详，已电话联系',
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class TrackingEventsRequest {
  @ApiProperty({
    type: [TrackingEventInput],
    minItems: 1,
    maxItems: 500,
    example: [
      {
        logisticsNo: 'LN20261121000001',
        kind: 'picked-up',
        occurredAt: '2026-11-22T10:05:00+08:00',
        place: '杭州萧山机场跨境电商监管中心',
        carrier: '示范国际物流',
        scanId: 'SCAN-20261122-000001',
      },
      {
        logisticsNo: 'LN20261121000001',
        kind: 'delivered',
        occurredAt: '2026-11-23T14:30:00+08:00',
        place: '杭州市西湖区文三路 1 号',
        carrier: '示范国际物流 杭州配送中心',
        scanId: 'SCAN-20261123-000123',
      },
    ],
  })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Type(() => TrackingEventInput)
  events!: TrackingEventInput[];
}

export const TRACKING_OUTCOMES = ['recorded', 'duplicate', 'refused'] as const;

export class TrackingEventOutcome {
  @ApiProperty({ example: 0, description: 'Position of the event in the request' })
  index!: number;

  @ApiProperty({ example: 'LN20261121000001' })
  logisticsNo!: string;

  @ApiProperty({ example: 'carrier:3301980003:SCAN-20261123-000123' })
  eventId!: string;

  @ApiProperty({
    enum: TRACKING_OUTCOMES,
    example: 'recorded',
    description: 'recorded; duplicate (already on the timeline: a no-op); refused (see reason)',
  })
  outcome!: (typeof TRACKING_OUTCOMES)[number];

  @ApiPropertyOptional({ example: 'waybill LN20261121000001 belongs to another carrier' })
  reason?: string;
}

export class TrackingEventsResponse {
  @ApiProperty({ type: [TrackingEventOutcome] })
  results!: TrackingEventOutcome[];
}

export class TimelineEventView {
  @ApiProperty({ example: 'carrier:3301980003:SCAN-20261123-000123' })
  eventId!: string;

  @ApiProperty({ enum: TIMELINE_EVENT_KINDS, example: 'delivered' })
  kind!: TimelineEventKind;

  @ApiProperty({ enum: TIMELINE_SOURCES, example: 'carrier' })
  source!: TimelineSource;

  @ApiProperty({ example: '2026-11-23T14:30:00.000+08:00', description: 'Own time of the event, China time' })
  occurredAt!: string;

  @ApiPropertyOptional({ example: '杭州市西湖区文三路 1 号' })
  place?: string;

  @ApiPropertyOptional({ example: '示范国际物流 杭州配送中心' })
  carrier?: string;

  @ApiPropertyOptional({ example: '运单申报' })
  note?: string;
}

/** The consignee as the reader's role may see it: masked values only (docs/personal-data.md). */
export class ConsigneeView {
  @ApiPropertyOptional({ example: '张*' })
  name?: string;

  @ApiPropertyOptional({ example: '138****0000', description: 'Carrier, platform and regulators only' })
  telephone?: string;

  @ApiPropertyOptional({
    example: '浙江省杭州市******',
    description: 'Carrier, platform and regulators only',
  })
  address?: string;
}

export const TIMELINE_READERS = ['carrier', 'platform', 'seller', 'regulator', 'operator'] as const;

export class WaybillTimelineView {
  @ApiProperty({ example: 'LN20261121000001' })
  logisticsNo!: string;

  @ApiPropertyOptional({ example: '3301980003' })
  logisticsCode?: string;

  @ApiPropertyOptional({ enum: ['import', 'export'], example: 'import' })
  flow?: 'import' | 'export';

  @ApiPropertyOptional({ example: 'ORD20261121000001' })
  orderNo?: string;

  @ApiPropertyOptional({
    enum: TIMELINE_EVENT_KINDS,
    example: 'delivered',
    description: 'Latest event by own time',
  })
  status?: TimelineEventKind;

  @ApiPropertyOptional({ example: '2026-11-23T14:30:00.000+08:00' })
  statusAt?: string;

  @ApiPropertyOptional({
    example: '2026-11-22T09:00:00.000+08:00',
    description: 'Customs release, China time',
  })
  releasedAt?: string;

  @ApiProperty({ enum: TIMELINE_READERS, example: 'carrier', description: 'The role the reader sees it in' })
  readAs!: (typeof TIMELINE_READERS)[number];

  @ApiProperty({ type: ConsigneeView })
  consignee!: ConsigneeView;

  @ApiProperty({
    type: [TimelineEventView],
    description: 'In order of their own times, whatever order they came in',
  })
  events!: TimelineEventView[];
}
