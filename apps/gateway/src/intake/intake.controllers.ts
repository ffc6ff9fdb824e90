import { Body, Controller, HttpCode, HttpStatus, Post, Req, Type, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';

import { correlationIdFrom, currentCorrelationId } from '@swx/observability';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { CebXmlAnswerInterceptor } from '../http/ceb-answers';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { IdempotencyClaim, IdempotencyClaimed } from '../idempotency/idempotent-intake';
import { DocumentIntake } from './document-intake.service';
import { INTAKE_DOCUMENT_TYPES, IntakeDocumentType } from './document-types';
import { MAX_DOCUMENTS_PER_MESSAGE } from './document-validation';
import { IntakeResponseDto, toIntakeResponse } from './intake.dto';

interface HttpRequest {
  rawBody?: Buffer;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** The documents `POST /v1/demo/import-sets` and `/v1/demo/export-sets` make (apps/gateway/src/demo). */
const DEMO_SET_TYPES = [
  'CEB311',
  'CEB411',
  'CEB511',
  'CEB621',
  'CEB303',
  'CEB403',
  'CEB505',
  'CEB603',
  'CEB507',
  'CEB509',
];

/** Where a fresh document to execute comes from in local mode, Chinese first: the example's numbers replay. */
function demoSetHint(messageType: string, flow: string): string {
  const endpoint = `\`POST /v1/demo/${flow}-sets\``;
  return DEMO_SET_TYPES.includes(messageType)
    ? `**本地模式 · Local mode:** 用 ${endpoint} 取一套新编号、互相一致的单证（含本单证），按其 \`steps\` 以所列演示客户端申报；` +
        `此处示例为固定编号，再次执行只会重放。 *Get a fresh, consistent set (this document included) with ${endpoint} ` +
        `and declare it as its \`steps\` say, as the demo client named; the example here has fixed numbers, so ` +
        `executing it again only replays.*`
    : `**本地模式 · Local mode:** 本单证引用已申报的单证：先用 ${endpoint} 取一套新单证并按其 \`steps\` 申报，再以其编号填写本单证。 ` +
        `*This document refers to declared ones: declare a fresh set from ${endpoint} as its \`steps\` say first, ` +
        `then fill in its numbers here.*`;
}

/** One controller per document type, so each has its own documented endpoint, schema and example. */
function intakeController(type: IntakeDocumentType): Type<unknown> {
  const { descriptor } = type;

  @ApiTags(`${descriptor.flow} documents`)
  @ApiExtraModels(descriptor.documentClass)
  @Controller({ path: type.path, version: '1' })
  class DocumentIntakeController {
    constructor(private readonly intake: DocumentIntake) {}

    @Post()
    @Authenticated(Scopes.DocumentsWrite)
    @UseInterceptors(CebXmlAnswerInterceptor, IdempotencyInterceptor)
    @HttpCode(HttpStatus.ACCEPTED)
    @ApiOperation({
      summary: `Declare ${descriptor.title} (${descriptor.messageType})`,
      description:
        `Declares one ${descriptor.messageType} document, or up to ${MAX_DOCUMENTS_PER_MESSAGE} as a JSON array, or ` +
        `the CEB XML message \`${descriptor.rootElement}\` (\`application/xml\`, checked against the official XSD; ` +
        `BaseTransfer.copCode must be the sender). ` +
        `Field names are the CEB standard's (\`${descriptor.rootElement}\` / \`${descriptor.documentElement}\`); ` +
        `amounts are decimal strings. The sender needs the \`${descriptor.senderRole}\` role and declares in ` +
        `its own name (\`${descriptor.headElement}.${descriptor.senderCodeField}\`), or transmits for a party that ` +
        `authorised it for ${descriptor.messageType} (\`/v1/enterprises/{code}/transmitters\`); only the declaring ` +
        `party changes, deletes, cancels or returns a document (403 \`ownership.notDeclarer\`). appType 1 declares, 2 changes ` +
        `(appTime must be newer than the stored version), 3 deletes. An identical replay answers the original ` +
        `acceptance and sends nothing again. Each accepted document is published on \`${type.topic.name}\` ` +
        `keyed by its order, and gets receipts at \`/v1/messages/{messageId}/receipts\`.\n\n` +
        demoSetHint(descriptor.messageType, descriptor.flow),
    })
    @ApiConsumes('application/json', 'application/xml')
    @ApiBody({
      schema: {
        oneOf: [
          { $ref: getSchemaPath(descriptor.documentClass) },
          {
            type: 'array',
            items: { $ref: getSchemaPath(descriptor.documentClass) },
            minItems: 1,
            maxItems: MAX_DOCUMENTS_PER_MESSAGE,
          },
        ],
      },
      examples: { [descriptor.messageType]: { summary: descriptor.title, value: descriptor.example } },
    })
    @ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Optional. The same key with the same body replays the original answer (header Idempotency-Replay: true); ' +
        'with another body: 422; while the first request is in progress: 409 with Retry-After.',
    })
    @ApiAcceptedResponse({
      type: IntakeResponseDto,
      description:
        'Accepted: the message ids, and `warnings` for rules the standard does not state (docs/ceb-rules.md). ' +
        `With \`Accept: application/xml\` the CEB receipt message of ${descriptor.messageType} (returnStatus 2, ` +
        'signed with the platform key).',
    })
    @ApiBadRequestResponse({
      description:
        'application/problem+json listing every error (path, rule, message). A client that sent CEB XML (and did ' +
        'not ask for JSON in Accept) gets a CEB900Message (报文格式校验回执) instead.',
    })
    @ApiConflictResponse({
      description: 'A document is stale (appTime not newer) or conflicts with an accepted one',
    })
    @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body' })
    async accept(
      @Body() body: unknown,
      @Req() req: HttpRequest,
      @CurrentPrincipal() principal: Principal,
      @IdempotencyClaimed() idempotency?: IdempotencyClaim,
    ): Promise<IntakeResponseDto> {
      const single = typeof body === 'object' && body !== null && !Array.isArray(body);
      const result = await this.intake.accept(
        type,
        {
          body,
          rawBody: typeof body === 'string' ? body : (req.rawBody?.toString('utf8') ?? JSON.stringify(body)),
          contentType: String(req.headers['content-type'] ?? 'application/json'),
          correlationId: currentCorrelationId() ?? correlationIdFrom(undefined),
          idempotency,
          respond: (r) => toIntakeResponse(r, single),
        },
        principal,
      );
      return toIntakeResponse(result, single);
    }
  }
  Object.defineProperty(DocumentIntakeController, 'name', {
    value: `${descriptor.messageType}IntakeController`,
  });
  return DocumentIntakeController;
}

export const INTAKE_CONTROLLERS = INTAKE_DOCUMENT_TYPES.map(intakeController);
