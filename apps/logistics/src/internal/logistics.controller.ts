import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { TrackingEventsRequest, type TrackingEventsResponse, type WaybillTimelineView } from '@swx/contracts';

import { ReadTimeline } from '../timeline/read-timeline.usecase';
import { RecordScans } from '../timeline/record-scans.usecase';
import { type Caller, CurrentCaller, InternalCallGuard } from './internal-call.guard';

/** The logistics app's internal API, which the gateway proxies at `/v1/logistics/...`. */
@ApiExcludeController()
@Controller('internal')
@UseGuards(InternalCallGuard)
export class LogisticsController {
  constructor(
    private readonly scans: RecordScans,
    private readonly timelines: ReadTimeline,
  ) {}

  @Post('tracking-events')
  @HttpCode(200)
  track(
    @CurrentCaller() caller: Caller,
    @Body() body: TrackingEventsRequest,
  ): Promise<TrackingEventsResponse> {
    if (caller.kind !== 'enterprise' || !caller.enterpriseCode || !caller.scopes.includes('documents:write'))
      throw new ForbiddenException('tracking events come from logistics enterprises (documents:write)');
    return this.scans.execute(
      caller.enterpriseCode,
      body.events,
      `tracking:${caller.clientId}:${Date.now()}`,
    );
  }

  @Get('waybills/:logisticsNo/timeline')
  timeline(
    @CurrentCaller() caller: Caller,
    @Param('logisticsNo') logisticsNo: string,
  ): Promise<WaybillTimelineView> {
    return this.timelines.execute(caller, logisticsNo);
  }
}
