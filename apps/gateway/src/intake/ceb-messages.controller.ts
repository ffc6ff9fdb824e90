import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { cebMessageStructure, IMPORT_ORDER_EXAMPLE } from '@swx/contracts';
import { correlationIdFrom, currentCorrelationId } from '@swx/observability';
import { FieldValidationException } from '@swx/platform';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { CebXmlAnswerInterceptor } from '../http/ceb-answers';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyClaim, IdempotencyClaimed } from '../idempotency/idempotent-intake';
import { DocumentIntake } from './document-intake.service';
import { INTAKE_DOCUMENT_TYPES, intakeTypeOf } from './document-types';
import { IntakeResponseDto, toIntakeResponse } from './intake.dto';

const ACCEPTED = INTAKE_DOCUMENT_TYPES.map((t) => t.descriptor.rootElement).join(', ');

const ROOT_ELEMENT = /<(?:[\w.-]+:)?([A-Za-z][\w.-]*)[\s/>]/;

/** The first element of an XML text, skipping the declaration, comments and processing instructions. */
export function rootElementOf(xml: string): string | undefined {
  const body = xml.replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  return ROOT_ELEMENT.exec(body)?.[1];
}

/**
 * One endpoint for any CEB XML message, as the standard's client software sends them: dispatched by root
 * element to the intake of its document type. Receipts and customs notices are refused with the reason:
 * customs sends those, enterprises do not.
 */
@ApiTags('CEB XML messages')
@Controller({ path: 'ceb-messages', version: '1' })
export class CebMessagesController {
  constructor(private readonly intake: DocumentIntake) {}

  @Post()
  @Authenticated(Scopes.DocumentsWrite)
  @UseInterceptors(CebXmlAnswerInterceptor, IdempotencyInterceptor)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Declare any CEB XML message (dispatched by its root element)',
    description:
      `Accepts the declaration messages ${ACCEPTED} ` +
      'exactly as the per-type endpoints do (XSD check with line and column, then field and arithmetic rules, ' +
      'sender authorization, versions and replays).',
  })
  @ApiConsumes('application/xml')
  @ApiBody({
    schema: { type: 'string' },
    examples: {
      CEB311Message: {
        summary: 'A CEB311 message with one order',
        value: `<?xml version="1.0" encoding="UTF-8"?>\n<ceb:CEB311Message guid="${IMPORT_ORDER_EXAMPLE.OrderHead.guid}" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb">…</ceb:CEB311Message>`,
      },
    },
  })
  @ApiAcceptedResponse({
    type: IntakeResponseDto,
    description:
      'Accepted: the message ids (JSON), or with `Accept: application/xml` the declaration’s CEB receipt message ' +
      '(returnStatus 2, signed with the platform key).',
  })
  @ApiBadRequestResponse({
    description:
      'Not XML, not a declaration message, or invalid (every error located): a CEB900Message (报文格式校验回执), ' +
      'or application/problem+json when Accept asks for JSON.',
  })
  async accept(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyClaimed() idempotency?: IdempotencyClaim,
  ): Promise<IntakeResponseDto> {
    if (typeof body !== 'string')
      throw new BadRequestException('Send the CEB XML message as application/xml');
    const root = rootElementOf(body);
    const structure = root ? cebMessageStructure(root) : undefined;
    const type = structure ? intakeTypeOf(root!.replace(/Message$/, '')) : undefined;
    if (!type) {
      throw new FieldValidationException([
        {
          path: root ?? '(body)',
          rule: 'messageType',
          message: !root
            ? 'no root element found'
            : !structure
              ? `${root} is not a message of the CEB standard`
              : structure.kind === 'declaration'
                ? `${root} is a CEB declaration this platform does not take; it takes ${ACCEPTED}`
                : `${root} is a ${structure.kind} of the CEB standard: customs sends it, enterprises do not`,
        },
      ]);
    }
    const result = await this.intake.accept(
      type,
      {
        body,
        rawBody: body,
        contentType: 'application/xml',
        correlationId: currentCorrelationId() ?? correlationIdFrom(undefined),
        idempotency,
        respond: (r) => toIntakeResponse(r, false),
      },
      principal,
    );
    return toIntakeResponse(result, false);
  }
}
