import {
  Controller,
  Get,
  Headers,
  HttpStatus,
  NotAcceptableException,
  NotFoundException,
  Param,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotAcceptableResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { QueryInteger } from '@swx/platform';

import { Authenticated } from '../auth/auth.guard';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { ReceiptQueries, receiptAudienceOf } from './receipt-queries';
import { ReceiptDto, toReceiptDto } from './receipt.dto';
import { negotiate } from './content-negotiation';
import { ReceiptXmlRenderer } from './receipt-xml.renderer';

export class MessageReceiptsResponse {
  @ApiProperty({
    description: 'The message the receipts answer',
    format: 'uuid',
    example: '0b7e8f5c-3c1a-4d51-9a55-6f0f7a2f1c3e',
  })
  messageId!: string;

  @ApiProperty({ description: 'CEB message type of the document', example: 'CEB311' })
  documentType!: string;

  @ApiProperty({
    description: 'Its receipts in the order they were recorded (empty while none has come)',
    type: [ReceiptDto],
  })
  receipts!: ReceiptDto[];
}

export class ReceiptFeedQuery {
  @ApiPropertyOptional({
    // No example: the console would fill it in, and a first read must start from the beginning.
    description:
      'Opaque cursor: the `nextCursor` of the previous page (e.g. `cjE6NzQ2OjEy`). Absent: from the beginning',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({ description: 'Receipts per page, 1..500', example: 100, default: 100 })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

export class ReceiptFeedResponse {
  @ApiProperty({ description: 'Receipts after the cursor, in feed order', type: [ReceiptDto] })
  receipts!: ReceiptDto[];

  @ApiProperty({
    description:
      'Pass as `after` to continue. Always present: at the end of the feed it is the position to poll from for ' +
      'receipts recorded later',
    example: 'cjE6NzQ5OjE1',
  })
  nextCursor!: string;

  @ApiProperty({ description: 'Whether more receipts are already waiting after this page', example: false })
  hasMore!: boolean;
}

interface HeaderReply {
  header(name: string, value: string): unknown;
  status(code: number): unknown;
}

@ApiTags('receipts')
@Controller({ version: '1' })
export class ReceiptsController {
  constructor(
    private readonly queries: ReceiptQueries,
    private readonly xml: ReceiptXmlRenderer,
  ) {}

  @Get('messages/:messageId/receipts')
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead)
  @ApiOperation({
    summary: 'Read the receipts of one document',
    description:
      'The receipts customs (and other agencies) issued for one accepted document, in the order they were ' +
      'recorded: CEB `returnStatus`, `returnTime` (YYYYMMDDhhmmssSSS) and `returnInfo`. An enterprise reads ' +
      'receipts of the documents it sent (another message answers 404, whether it exists or not); regulators ' +
      '(`regulator:read`) read any. JSON by default; with `Accept: application/xml` (or `text/xml`) the CEB ' +
      'receipt message of the document type, one return entry per receipt (e.g. `CEB312Message` with ' +
      "`OrderReturn` entries echoing the order's guid, ebpCode, ebcCode and orderNo; at most the latest 100), " +
      'or 204 while there is no receipt yet. 406 when the XML receipt cannot be formed (e.g. CEB622 needs ' +
      'the e-port `preNo`, which the platform does not have).',
  })
  @ApiProduces('application/json', 'application/xml')
  @ApiOkResponse({ type: MessageReceiptsResponse })
  @ApiNotFoundResponse({ description: 'No such message among those this client may read' })
  @ApiNoContentResponse({ description: 'XML asked for, and the document has no receipt yet' })
  @ApiNotAcceptableResponse({ description: 'Neither JSON nor a renderable CEB XML receipt was acceptable' })
  async forMessage(
    @Param('messageId', new UuidParamPipe()) messageId: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<MessageReceiptsResponse | string> {
    const format = negotiate(accept, ['application/json', 'application/xml', 'text/xml']);
    if (!format)
      throw new NotAcceptableException('Receipts are served as application/json or application/xml');
    const found = await this.queries.forMessage(messageId, receiptAudienceOf(principal));
    if (!found) throw new NotFoundException(`No message ${messageId} for this client`);
    if (format === 'application/json') {
      return { messageId, documentType: found.documentType, receipts: found.receipts.map(toReceiptDto) };
    }
    if (found.receipts.length === 0) {
      // A CEB receipt message holds at least one entry: nothing to say yet.
      reply.status(HttpStatus.NO_CONTENT);
      return '';
    }
    const xml = this.xml.render(found.documentType, found.receipts);
    if (xml === undefined) {
      throw new NotAcceptableException(
        `No CEB XML receipt message is available for ${found.documentType}; ask for application/json`,
      );
    }
    reply.header('content-type', `${format}; charset=utf-8`);
    return xml;
  }

  @Get('receipts')
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead)
  @ApiOperation({
    summary: 'Follow every receipt of your documents and your orders’ lists (cursor feed)',
    description:
      'All receipts of the documents your enterprise sent (regulators: of every sender), a page at a time; a ' +
      'platform (ebp) also sees the outcome of its orders’ lists (CEB621 import, CEB603 export: released, ' +
      'refused, concluded), whoever declared the list. ' +
      'Start without `after`; continue with `after` = the previous `nextCursor`. The cursor is opaque and the ' +
      'order is stable: a client that keeps its last `nextCursor` and polls with it sees every receipt exactly ' +
      'once, including those recorded after its previous call (an empty page still returns the cursor to poll ' +
      'from). A receipt appears once the transaction that recorded it and every older one have finished, ' +
      'usually within milliseconds. JSON only; the per-document endpoint serves CEB XML. For push instead of ' +
      'pull, subscribe a webhook (`POST /v1/webhooks`).',
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ type: ReceiptFeedResponse })
  @ApiBadRequestResponse({ description: '`after` is not a cursor of this feed, or `limit` is out of 1..500' })
  @ApiNotAcceptableResponse({ description: 'The client does not accept JSON' })
  async feed(
    @Query() query: ReceiptFeedQuery,
    @CurrentPrincipal() principal: Principal,
    @Headers('accept') accept: string | undefined,
  ): Promise<ReceiptFeedResponse> {
    if (!negotiate(accept, ['application/json'])) {
      throw new NotAcceptableException('The receipt feed is served as application/json');
    }
    const page = await this.queries.feed(receiptAudienceOf(principal), query.after, query.limit);
    return { receipts: page.receipts.map(toReceiptDto), nextCursor: page.nextCursor, hasMore: page.hasMore };
  }
}
