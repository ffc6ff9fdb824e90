import { Body, Controller, ForbiddenException, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';

import { ImportOrder } from '@swx/contracts';
import { correlationIdFrom, currentCorrelationId } from '@swx/observability';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { AcceptImportOrder } from './accept-import-order.usecase';

interface HttpRequest {
  rawBody?: Buffer;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

class AcceptanceResponse {
  @ApiProperty({ description: 'Id of the message-log entry; receipts refer to it', format: 'uuid' })
  messageId!: string;

  @ApiProperty({
    description: 'Follows this document through every service (also the x-correlation-id header)',
  })
  correlationId!: string;

  @ApiProperty({ description: 'When the single window accepted the document', format: 'date-time' })
  receivedAt!: string;
}

@ApiTags('import documents')
@Controller({ path: 'import/orders', version: '1' })
export class ImportOrdersController {
  constructor(private readonly acceptImportOrder: AcceptImportOrder) {}

  @Post()
  @Authenticated(Scopes.DocumentsWrite)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Declare an import order (CEB311)',
    description:
      'Validates the order, stores it in the message log and publishes it to customs and tax. ' +
      'Field names are those of the CEB standard (`acturalPaid` included); amounts are decimal strings.',
  })
  @ApiAcceptedResponse({ type: AcceptanceResponse })
  @ApiBadRequestResponse({
    description: 'application/problem+json listing every field error (path, rule, message)',
  })
  accept(
    @Body() order: ImportOrder,
    @Req() req: HttpRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AcceptanceResponse> {
    if (!principal.roles.includes('ebp') || principal.enterpriseCode !== order.OrderHead.ebpCode) {
      throw new ForbiddenException('An order can only be declared by its e-commerce platform (ebpCode)');
    }
    return this.acceptImportOrder.execute({
      document: order,
      rawBody: req.rawBody?.toString('utf8') ?? JSON.stringify(req.body),
      contentType: String(req.headers['content-type'] ?? 'application/json'),
      correlationId: currentCorrelationId() ?? correlationIdFrom(undefined),
    });
  }
}
