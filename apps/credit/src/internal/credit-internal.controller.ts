import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';

import {
  DecideAppealRequest,
  DecideListEntryRequest,
  ENTERPRISE_CODE,
  FileAppealRequest,
  RecordCreditFactRequest,
  RepairListEntryRequest,
  ReverseCreditFactRequest,
} from '@swx/contracts';

import { CreditDecisions } from '../decisions/credit-decisions.usecase';
import { appealView, CreditQueries } from '../queries/credit-queries';
import { assertDecider, Caller, CurrentCaller, InternalCallGuard } from './internal-call.guard';

const code = (c: string): string => {
  if (!ENTERPRISE_CODE.test(c)) throw new NotFoundException(`No enterprise ${c}`);
  return c;
};

/**
 * The credit app's internal API, called by the gateway (the single access point) with the internal token and
 * the caller's identity. Each route maps its input to one use case.
 */
@Controller('internal')
@UseGuards(InternalCallGuard)
export class CreditInternalController {
  constructor(
    private readonly decisions: CreditDecisions,
    private readonly queries: CreditQueries,
  ) {}

  @Get('enterprises/:code')
  standing(@Param('code') enterpriseCode: string) {
    return this.queries.standing(code(enterpriseCode));
  }

  @Get('enterprises/:code/file')
  file(@CurrentCaller() caller: Caller, @Param('code') enterpriseCode: string) {
    return this.queries.file(caller, code(enterpriseCode));
  }

  @Get('standings')
  standings(@CurrentCaller() caller: Caller, @Query('level') level?: string, @Query('list') list?: string) {
    return this.queries.standings(caller, level, list);
  }

  @Post('facts')
  @HttpCode(201)
  recordFact(@CurrentCaller() caller: Caller, @Body() body: RecordCreditFactRequest) {
    assertDecider(caller);
    return this.decisions.recordFact(caller, body);
  }

  @Post('facts/:id/reversal')
  @HttpCode(200)
  async reverseFact(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ReverseCreditFactRequest,
  ) {
    assertDecider(caller);
    await this.decisions.reverseFact(caller, id, body);
    return { id, status: 'reversed' };
  }

  @Post('list-entries')
  @HttpCode(201)
  decideEntry(@CurrentCaller() caller: Caller, @Body() body: DecideListEntryRequest) {
    assertDecider(caller);
    return this.decisions.decideEntry(caller, body);
  }

  @Post('list-entries/:id/repair')
  @HttpCode(200)
  async repair(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: RepairListEntryRequest,
  ) {
    assertDecider(caller);
    await this.decisions.repairEntry(caller, id, body);
    return { id, status: 'repaired' };
  }

  @Post('appeals')
  @HttpCode(201)
  async fileAppeal(@CurrentCaller() caller: Caller, @Body() body: FileAppealRequest) {
    return appealView(await this.decisions.fileAppeal(caller, body));
  }

  @Get('appeals')
  appeals(@CurrentCaller() caller: Caller, @Query('status') status?: string) {
    return this.queries.appeals(caller, status);
  }

  @Post('appeals/:id/decision')
  @HttpCode(200)
  async decideAppeal(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: DecideAppealRequest,
  ) {
    assertDecider(caller);
    return appealView(await this.decisions.decideAppeal(caller, id, body));
  }
}
