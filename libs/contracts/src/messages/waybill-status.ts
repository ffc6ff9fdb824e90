import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

import { ENTERPRISE_CODE } from '../ceb/patterns';

/**
 * What happened to a parcel, on one waybill's timeline. Carrier scans (`POST /v1/logistics/tracking-events`)
 * use the first eight; the others come from declarations and customs: the waybill itself (CEB511/CEB505),
 * arrival at the supervised site (CEB711/CEB507), departure (CEB509), the master bill (CEB607), CEB513
 * delivery, and the list's release or inspection (clearance events).
 */
export const TRACKING_EVENT_KINDS = [
  'picked-up',
  'departed',
  'arrived',
  'released',
  'out-for-delivery',
  'delivered',
  'exception',
  'returned',
] as const;
export type TrackingEventKind = (typeof TRACKING_EVENT_KINDS)[number];

export const TIMELINE_EVENT_KINDS = [
  ...TRACKING_EVENT_KINDS,
  'declared',
  'consolidated',
  'inspection',
  'customs-released',
] as const;
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];

/** Where a timeline event came from. */
export const TIMELINE_SOURCES = [
  'carrier',
  'CEB511',
  'CEB513',
  'CEB505',
  'CEB507',
  'CEB509',
  'CEB607',
  'CEB711',
  'customs',
] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

/**
 * Payload of `logistics.external.waybill-status.changed.v1`: the status of a waybill moved to a new latest event
 * by the events' own times (a late, older event does not change it). Published once per change; `eventId` is the
 * stable id of the event that is now the latest, so a redelivery or a second instance publishes the same one.
 */
export class WaybillStatusChanged {
  @ApiProperty({ description: 'Waybill number (物流运单编号)', example: 'LN20261121000001' })
  @IsString()
  @Length(1, 60)
  logisticsNo!: string;

  @ApiProperty({ description: 'Logistics enterprise (carrier) of the waybill', example: '3301980003' })
  @Matches(ENTERPRISE_CODE)
  logisticsCode!: string;

  @ApiPropertyOptional({
    enum: ['import', 'export'],
    example: 'import',
    description: 'Absent while only carrier scans are known',
  })
  @IsOptional()
  @IsIn(['import', 'export'])
  flow?: 'import' | 'export';

  @ApiProperty({
    description: 'The latest event by its own time',
    enum: TIMELINE_EVENT_KINDS,
    example: 'delivered',
  })
  @IsIn(TIMELINE_EVENT_KINDS)
  status!: TimelineEventKind;

  @ApiProperty({ description: 'Stable id of that event', example: 'carrier:3301980003:SCAN-000123' })
  @IsString()
  @Length(1, 200)
  eventId!: string;

  @ApiProperty({ enum: TIMELINE_SOURCES, example: 'carrier' })
  @IsIn(TIMELINE_SOURCES)
  source!: TimelineSource;

  @ApiProperty({
    description: 'When it happened (ISO 8601, China time offset)',
    example: '2026-11-23T14:30:00+08:00',
  })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiPropertyOptional({ description: 'Where', example: '杭州市西湖区' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string;

  @ApiPropertyOptional({
    description: 'Order number, when a document named it',
    example: 'ORD20261121000001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  orderNo?: string;
}
