import { Controller, Get, Header, Query, Res, UseGuards } from '@nestjs/common';

import {
  B2bVerificationQueryDto,
  IncentivesQueryDto,
  MonthlyReportQueryDto,
  VolumeQueryDto,
} from '@swx/contracts';
import { type Caller, CurrentCaller, InternalCallGuard } from '@swx/platform';

import { B2bQueries } from '../reports/b2b-queries';
import { IncentiveQueries } from '../reports/incentives';
import { MonthlyReports } from '../reports/monthly-report';
import { VolumeQueries } from '../reports/volume-queries';

interface Reply {
  header(name: string, value: string): Reply;
}

const CSV = 'text/csv; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

/**
 * The statistics app's internal API, called by the gateway (the single access point) with the internal token and
 * the caller's identity. CSV and HTML answers carry their media type; everything else is JSON.
 */
@Controller('internal/statistics')
@UseGuards(InternalCallGuard)
export class StatisticsController {
  constructor(
    private readonly volumes: VolumeQueries,
    private readonly b2b: B2bQueries,
    private readonly monthly: MonthlyReports,
    private readonly incentiveQueries: IncentiveQueries,
  ) {}

  @Get('volumes')
  @Header('cache-control', 'no-store')
  async volumesReport(
    @CurrentCaller() caller: Caller,
    @Query() query: VolumeQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    const report = await this.volumes.volumes(caller, query);
    if (query.format !== 'csv') return report;
    reply.header('content-type', CSV);
    return this.volumes.csv(report);
  }

  @Get('b2b-verification')
  @Header('cache-control', 'no-store')
  async b2bVerification(
    @CurrentCaller() caller: Caller,
    @Query() query: B2bVerificationQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    const report = await this.b2b.verification(caller, query);
    if (query.format !== 'csv') return report;
    reply.header('content-type', CSV);
    return this.b2b.csv(report);
  }

  @Get('reports/monthly')
  @Header('cache-control', 'no-store')
  async monthlyReport(
    @CurrentCaller() caller: Caller,
    @Query() query: MonthlyReportQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<string> {
    const report = await this.monthly.build(caller, query);
    if (query.format === 'html') {
      reply.header('content-type', HTML);
      return this.monthly.html(report);
    }
    reply.header('content-type', CSV);
    return this.monthly.csv(report);
  }

  @Get('incentives')
  @Header('cache-control', 'no-store')
  async incentives(
    @CurrentCaller() caller: Caller,
    @Query() query: IncentivesQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    const report = await this.incentiveQueries.incentives(caller, query);
    if (query.format !== 'csv') return report;
    reply.header('content-type', CSV);
    return this.incentiveQueries.csv(report);
  }
}
