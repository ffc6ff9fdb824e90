import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { DEMO_ENTERPRISES } from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import {
  AuthoriseTransmitterRequest,
  TransmitterAuthorisation,
  TransmitterAuthorisationList,
} from './transmitter.dto';
import { Transmitters } from './transmitters.usecase';

const PARTY_PARAM = {
  name: 'customsCode',
  description: 'Customs code of the enterprise that authorises (the party)',
  example: DEMO_ENTERPRISES.agent.customsCode,
};
const NOT_FOUND = 'Not registered, or not the calling enterprise (codes cannot be probed)';

@ApiTags('enterprise registry')
@Controller({ path: 'enterprises/:customsCode/transmitters', version: '1' })
export class TransmittersController {
  constructor(private readonly transmitters: Transmitters) {}

  @Post()
  @Authenticated()
  @ApiOperation({
    summary: 'Authorise a transmitter (委托传输)',
    description:
      'The enterprise (its own code, `documents:write`) or an operator (`registry:write`) authorises a registered ' +
      'enterprise to transmit documents of the given CEB message types in its name until `validUntil`. The ' +
      'gateway then takes from that transmitter documents whose party field (`ebpCode` of an order, `payCode`, ' +
      '`logisticsCode`, `agentCode` of a list…) is this enterprise; in CEB XML its `BaseTransfer.copCode` is the ' +
      'transmitter’s own code. The documents stay this enterprise’s: changes, deletions, cancels and returns are ' +
      'taken only in its name. Authorising the same transmitter again replaces the types and the date.',
  })
  @ApiParam(PARTY_PARAM)
  @ApiBody({ type: AuthoriseTransmitterRequest })
  @ApiCreatedResponse({ type: TransmitterAuthorisation })
  @ApiBadRequestResponse({ description: 'Field errors (transmitter not registered, date in the past…)' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  authorise(
    @Param('customsCode') customsCode: string,
    @Body() request: AuthoriseTransmitterRequest,
    @CurrentPrincipal() caller: Principal,
  ): Promise<TransmitterAuthorisation> {
    return this.transmitters.authorise(customsCode, request, caller);
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'List the transmitters an enterprise authorised',
    description:
      'The enterprise reads all of its authorisations; a transmitter only its own entry; operators and ' +
      'regulators every one. Revoked authorisations are not listed; expired ones are, marked `expired`.',
  })
  @ApiParam(PARTY_PARAM)
  @ApiOkResponse({ type: TransmitterAuthorisationList })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async list(
    @Param('customsCode') customsCode: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<TransmitterAuthorisationList> {
    return { items: await this.transmitters.list(customsCode, caller) };
  }

  @Delete(':transmitterCode')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiOperation({
    summary: 'Revoke a transmitter’s authorisation',
    description:
      'From now on the gateway refuses documents it transmits in this enterprise’s name (documents accepted ' +
      'before stay accepted).',
  })
  @ApiParam(PARTY_PARAM)
  @ApiParam({ name: 'transmitterCode', example: DEMO_ENTERPRISES.agent.customsCode })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ description: `No such authorisation. ${NOT_FOUND}` })
  revoke(
    @Param('customsCode') customsCode: string,
    @Param('transmitterCode') transmitterCode: string,
    @CurrentPrincipal() caller: Principal,
  ): Promise<void> {
    return this.transmitters.revoke(customsCode, transmitterCode, caller);
  }
}
