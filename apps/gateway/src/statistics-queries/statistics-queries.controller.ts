import { Controller, ForbiddenException, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';

import {
  B2bVerificationQueryDto,
  B2bVerificationReport,
  IncentiveReportView,
  IncentivesQueryDto,
  MonthlyReportQueryDto,
  VolumeQueryDto,
  VolumeReport,
} from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { StatisticsAnswer, StatisticsClient } from './statistics-client';

interface Reply {
  header(name: string, value: string): Reply;
}

const READERS = [Scopes.RegulatorRead, Scopes.RegistryRead] as const;

/** Regulators of any agency and operators; an enterprise's token is refused before the statistics app is asked. */
function assertReader(principal: Principal): void {
  if (principal.kind === 'enterprise')
    throw new ForbiddenException('statistics are for regulators and operators');
}

/**
 * Full-scope statistics through the single access point (全口径统计): volumes of released lists by mode, direction,
 * country, HS, platform, seller, district, currency, day and month; B2B verification of 9710/9810 exports; monthly
 * reports and incentive metrics. Built by the statistics app from events only.
 */
@ApiTags('statistics')
@Controller({ path: 'statistics', version: '1' })
export class StatisticsQueriesController {
  constructor(private readonly statistics: StatisticsClient) {}

  private answer(reply: Reply, answer: StatisticsAnswer): unknown {
    reply.header('content-type', answer.contentType);
    return answer.body;
  }

  @Get('volumes')
  @Authenticated(...READERS)
  @ApiOperation({
    summary: 'Volumes (count and CNY value) of released lists by one dimension, with filters; JSON or CSV',
    description:
      'A list counts on the day customs released it (800), China time; cancellations (CEB623/605) and returns ' +
      '(CEB625/213) take it back out. `stage=departed|summarised` counts the exports of the period that have also ' +
      'departed / been summarised (CEB792). Values are Σ line totalPrice converted to CNY with the rate table of ' +
      'the release day. `dimension=district` groups sellers by the district/park of the registry. Regulators (any ' +
      'agency) and operators; enterprises 403.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: VolumeReport })
  @ApiBadRequestResponse({ description: 'Every field error at once (problem+json)' })
  @ApiForbiddenResponse({ description: 'Enterprises' })
  async volumes(
    @CurrentPrincipal() principal: Principal,
    @Query() query: VolumeQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    assertReader(principal);
    return this.answer(reply, await this.statistics.get(principal, '/internal/statistics/volumes', query));
  }

  @Get('b2b-verification')
  @Authenticated(...READERS)
  @ApiOperation({
    summary:
      'B2B statistical verification (S9): 9710/9810 export lists matched with their order, waybill and payment',
    description:
      'One row per released 9710/9810 export list: whether the order (CEB303), the waybill (CEB505) and the ' +
      'payment receipt (CEB403) were declared and agree with the list (seller, waybill number, amounts), and the ' +
      'mismatches by rule. Regulators and operators.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: B2bVerificationReport })
  @ApiBadRequestResponse({ description: 'Every field error at once (problem+json)' })
  async b2bVerification(
    @CurrentPrincipal() principal: Principal,
    @Query() query: B2bVerificationQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    assertReader(principal);
    return this.answer(
      reply,
      await this.statistics.get(principal, '/internal/statistics/b2b-verification', query),
    );
  }

  @Get('reports/monthly')
  @Authenticated(...READERS)
  @ApiOperation({
    summary: 'The monthly report of a China-time month as a file: CSV, or HTML with charts (SVG)',
    description:
      'Volumes by direction, trade mode, business type, country, HS chapter and district, and the month by day; ' +
      'the same figures as `/v1/statistics/volumes` for the month. Regulators and operators.',
  })
  @ApiProduces('text/csv', 'text/html')
  @ApiOkResponse({ description: 'The report file (Content-Disposition: attachment)' })
  @ApiBadRequestResponse({ description: 'Every field error at once (problem+json)' })
  async monthly(
    @CurrentPrincipal() principal: Principal,
    @Query() query: MonthlyReportQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    assertReader(principal);
    const answer = await this.statistics.get(principal, '/internal/statistics/reports/monthly', query);
    const ext = (query.format ?? 'csv') === 'html' ? 'html' : 'csv';
    reply.header('content-disposition', `attachment; filename="statistics-${query.month}.${ext}"`);
    return this.answer(reply, answer);
  }

  @Get('incentives')
  @Authenticated(...READERS)
  @ApiOperation({
    summary:
      'Per-enterprise incentive metrics of a year: 9610 exports in US$, year-on-year growth, sellers served',
    description:
      'For each seller: its released 9610 exports of the China-time year in US$ (rate table of each release day), ' +
      'the year before and the growth; whether it reaches US$50,000 (年度出口在 5 万美元及以上). For each service firm ' +
      '(the declaring agent, the logistics company and the platform of a list): the number of distinct sellers ' +
      'whose released lists of the year it served. Regulators and operators.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: IncentiveReportView })
  @ApiBadRequestResponse({ description: 'Every field error at once (problem+json)' })
  async incentives(
    @CurrentPrincipal() principal: Principal,
    @Query() query: IncentivesQueryDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<unknown> {
    assertReader(principal);
    return this.answer(reply, await this.statistics.get(principal, '/internal/statistics/incentives', query));
  }
}
