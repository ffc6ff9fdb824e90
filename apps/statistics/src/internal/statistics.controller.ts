import { Controller, Get, Header, Query, Res, UseGuards } from '@nestjs/common';

import { VolumeQueryDto } from '@swx/contracts';
import { type Caller, CurrentCaller, InternalCallGuard } from '@swx/platform';

import { VolumeQueries } from '../reports/volume-queries';

interface Reply {
  header(name: string, value: string): Reply;
  send(body: unknown): Reply;
}

/**
 * The statistics app's internal API, called by the gateway (the single access point) with the internal token and
 * the caller's identity. CSV answers are text/csv; everything else JSON.
 */
@Controller('internal/statistics')
@UseGuards(InternalCallGuard)
export class StatisticsController {
  constructor(private readonly volumes: VolumeQueries) {}

  @Get('volumes')
  @Header('cache-control', 'no-store')
  async volumesReport(
    @CurrentCaller() caller: Caller,
    @Query() query: VolumeQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    const report = await this.volumes.volumes(caller, query);
    if (query.format !== 'csv') return report;
    reply.header('content-type', 'text/csv; charset=utf-8');
    return this.volumes.csv(report);
  }
}
