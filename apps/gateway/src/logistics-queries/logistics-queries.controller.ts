import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Post,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import {
  EXAMPLE_LOGISTICS_NO,
  TrackingEventsRequest,
  TrackingEventsResponse,
  WaybillTimelineView,
} from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { LogisticsClient } from './logistics-client';

/** A waybill number in a path: what the standard allows (C..60), nothing that could leave the path segment. */
const LOGISTICS_NO = /^[\x21-\x7e]{1,60}$/;

/**
 * Parcel tracking through the single access point (物流状态查询和跟踪): carriers report scans; the carrier, the
 * order's platform and seller, and the customs and post regulators read one timeline per waybill, built from the
 * declarations (CEB511/513, CEB505/507/509, CEB711, CEB607), customs' release and inspection, and the scans.
 */
@ApiTags('logistics')
@Controller({ path: 'logistics', version: '1' })
export class LogisticsQueriesController {
  constructor(private readonly logistics: LogisticsClient) {}

  @Post('tracking-events')
  @HttpCode(200)
  @Authenticated(Scopes.DocumentsWrite)
  @ApiOperation({
    summary:
      'Report carrier scans (picked up, departed, arrived, released, out for delivery, delivered, exception, returned)',
    description:
      'A logistics enterprise (role `logistics`) reports up to 500 scans of its waybills, each with its own time ' +
      '(ISO 8601 with offset), place and carrier. Each lands once on its waybill timeline, sorted by its own time ' +
      'whatever order scans come in: a scan sent again (same `scanId`, or without one the same waybill, kind, ' +
      'time, place and carrier) answers `duplicate` and changes nothing. A waybill declared by another carrier ' +
      'answers `refused`. A scan after release withdraws a no-scan anomaly.',
  })
  @ApiOkResponse({ type: TrackingEventsResponse })
  track(@CurrentPrincipal() principal: Principal, @Body() body: TrackingEventsRequest): Promise<unknown> {
    if (principal.kind !== 'enterprise' || !principal.roles.includes('logistics'))
      throw new ForbiddenException('only logistics enterprises report tracking events');
    return this.logistics.call(principal, 'POST', '/internal/tracking-events', body);
  }

  @Get('waybills/:logisticsNo/timeline')
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({
    summary: "One waybill's timeline: declarations, arrival, release, departure, scans, delivery",
    description:
      'Readable by the waybill’s carrier, the order’s platform and seller, the customs and post regulators and ' +
      'operators; anyone else gets 404. Events are in the order of their own times (China time). The consignee ' +
      'is shown masked, by role: name, phone and address for the carrier, platform and regulators, the name only ' +
      'for the seller.',
  })
  @ApiParam({ name: 'logisticsNo', example: EXAMPLE_LOGISTICS_NO })
  @ApiOkResponse({ type: WaybillTimelineView })
  timeline(
    @CurrentPrincipal() principal: Principal,
    @Param('logisticsNo') logisticsNo: string,
  ): Promise<unknown> {
    if (!LOGISTICS_NO.test(logisticsNo)) {
      throw new BadRequestException('logisticsNo must be 1 to 60 printable ASCII characters');
    }
    return this.logistics.call(
      principal,
      'GET',
      `/internal/waybills/${encodeURIComponent(logisticsNo)}/timeline`,
    );
  }
}
