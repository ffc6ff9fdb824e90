import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import { valueAt } from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import { Authenticated } from '../auth/auth.guard';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CurrentPrincipal, hasScope, Principal, Scopes } from '../auth/principal';
import { intakeTypeOf } from './document-types';
import { maskPaths } from './masking';
import { type ClearRead, type ClearReadEntitlement, ClearReads } from '../personal-data/clear-reads';
import { readableTypes } from './message-access';

export class MessageDto {
  @ApiProperty({ format: 'uuid' })
  messageId!: string;

  @ApiProperty({ format: 'uuid' })
  submissionId!: string;

  @ApiProperty({ example: 'CEB311' })
  documentType!: string;

  @ApiProperty({
    description: 'The party the document is declared for (the head field naming its sender)',
    example: '3301960001',
  })
  senderCode!: string;

  @ApiPropertyOptional({
    description: 'The enterprise that transmitted it for the party (委托), when not the party itself',
    example: '3301960099',
  })
  transmitterCode?: string;

  @ApiProperty({ example: '3301960001:ORD20261121000001' })
  identity!: string;

  @ApiProperty({ description: 'Kafka key: the order number', example: 'ORD20261121000001' })
  orderKey!: string;

  @ApiPropertyOptional({ example: '1' })
  appType?: string;

  @ApiPropertyOptional({ example: '20261121093000' })
  appTime?: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({
    description: 'The document; buyer ID numbers and phones masked without the personal-data scope',
  })
  document!: object;

  @ApiProperty({ example: '/v1/messages/{messageId}/receipts' })
  receipts!: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto] })
  items!: MessageDto[];

  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent at the end' })
  nextCursor?: string;
}

interface Row {
  id: string;
  submission_id: string;
  document_type: string;
  sender_code: string;
  transmitter_code: string | null;
  identity: string;
  order_key: string;
  app_type: string | null;
  app_time: string | null;
  received_at: Date;
  document: object;
  seq: string;
}

const COLUMNS = `m.id::text, m.submission_id::text, m.document_type, m.sender_code, m.transmitter_code, m.identity, m.order_key, m.app_type,
  m.app_time, m.received_at, m.document, (extract(epoch from m.received_at) * 1000000)::bigint::text || ':' || m.id AS seq`;

const encodeCursor = (seq: string) => Buffer.from(seq).toString('base64url');
function decodeCursor(cursor: string): { micros: string; id: string } {
  const [micros, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split(':');
  // Microseconds since 1970 as a bigint, and a message id (a UUID): anything else was not issued by this list.
  if (
    rest.length > 0 ||
    !/^\d{1,18}$/.test(micros ?? '') ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id ?? '')
  ) {
    throw new FieldValidationException([
      { path: 'after', rule: 'cursor', message: '`after` is not a cursor this list issued' },
    ]);
  }
  return { micros, id };
}

/**
 * Whether `principal` sees the document's personal data in clear, and which fields that shows: with the
 * personal-data scope, or as the payment enterprise reading its own payments (its own customers). Every such
 * read is audited (ClearReads).
 */
function clearReadOf(row: Row, principal: Principal): ClearRead | undefined {
  const entitlement: ClearReadEntitlement | undefined = hasScope(principal, Scopes.PersonalData)
    ? 'personal-data-scope'
    : principal.kind === 'enterprise' &&
        row.document_type === 'CEB411' &&
        principal.roles.includes('pay') &&
        row.sender_code === principal.enterpriseCode
      ? 'own-customer'
      : undefined;
  if (!entitlement) return undefined;
  const descriptor = intakeTypeOf(row.document_type)?.descriptor;
  const paths = new Set([
    ...(descriptor?.personalDataPaths ?? []),
    ...(descriptor?.personFields.map((f) => f.path) ?? []),
  ]);
  const fields = [...paths].filter((p) => {
    const v = valueAt(row.document, p);
    return typeof v === 'string' && v !== '';
  });
  return { messageId: row.id, documentType: row.document_type, fields, entitlement };
}

@ApiTags('messages')
@Controller({ path: 'messages', version: '1' })
export class MessagesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clearReads: ClearReads,
  ) {}

  @Get(':messageId')
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead)
  @ApiOperation({
    summary: 'Read one accepted document',
    description:
      'An enterprise reads the documents it sent; a regulator those of its agency. Buyer ID numbers and phone ' +
      'numbers are masked unless the token has the personal-data:read scope (or a payment enterprise reads its ' +
      "own customers' payments); every read showing them in clear is audited (docs/personal-data.md).",
  })
  @ApiOkResponse({ type: MessageDto })
  async get(
    @Param('messageId', new UuidParamPipe()) messageId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MessageDto> {
    const [row]: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "gateway"."message_log" m WHERE m.id = $1`,
      [messageId],
    );
    if (!row || !this.mayRead(principal, row))
      throw new NotFoundException(`No message ${messageId} for this client`);
    await this.clearReads.record(
      principal,
      [clearReadOf(row, principal)].filter((r) => r !== undefined),
    );
    return this.toDto(row, principal);
  }

  @Get()
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead)
  @ApiOperation({
    summary: 'List accepted documents, oldest first, a page at a time',
    description:
      'Filter by document type or order number; continue with `after` = the previous page’s nextCursor.',
  })
  @ApiQuery({ name: 'documentType', required: false, example: 'CEB311' })
  @ApiQuery({ name: 'orderNo', required: false, example: 'ORD20261121000001' })
  @ApiQuery({ name: 'after', required: false })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiOkResponse({ type: MessagePageDto })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query('documentType') documentType?: string,
    @Query('orderNo') orderNo?: string,
    @Query('after') after?: string,
    @Query('limit') limitText?: string,
  ): Promise<MessagePageDto> {
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new BadRequestException('limit must be 1..500');
    const scope = readableTypes(principal);
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    // An enterprise reads the documents declared in its name and those it transmitted for a party.
    if (scope === 'own')
      where.push(
        `(m.sender_code = ${param(principal.enterpriseCode)} OR (m.transmitter_code = $${params.length} AND m.transmitter_code IS DISTINCT FROM m.sender_code))`,
      );
    else if (scope === 'none') where.push('false');
    else if (scope !== 'all') where.push(`m.document_type = ANY(${param(scope)})`);
    if (documentType) where.push(`m.document_type = ${param(documentType)}`);
    if (orderNo) where.push(`m.order_key = ${param(orderNo)}`);
    if (after) {
      const c = decodeCursor(after);
      where.push(
        `((extract(epoch from m.received_at) * 1000000)::bigint, m.id) > (${param(c.micros)}::bigint, ${param(c.id)}::uuid)`,
      );
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "gateway"."message_log" m WHERE ${where.length ? where.join(' AND ') : 'true'}
        ORDER BY m.received_at, m.id LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    await this.clearReads.record(
      principal,
      page.map((r) => clearReadOf(r, principal)).filter((r) => r !== undefined),
    );
    return {
      items: page.map((r) => this.toDto(r, principal)),
      ...(rows.length > limit ? { nextCursor: encodeCursor(page[page.length - 1].seq) } : {}),
    };
  }

  private mayRead(principal: Principal, row: Row): boolean {
    const scope = readableTypes(principal);
    if (scope === 'own')
      return (
        row.sender_code === principal.enterpriseCode || row.transmitter_code === principal.enterpriseCode
      );
    if (scope === 'none') return false;
    return scope === 'all' || scope.includes(row.document_type as never);
  }

  private toDto(row: Row, principal: Principal): MessageDto {
    const paths = intakeTypeOf(row.document_type)?.descriptor.personalDataPaths ?? [];
    return {
      messageId: row.id,
      submissionId: row.submission_id,
      documentType: row.document_type,
      senderCode: row.sender_code,
      ...(row.transmitter_code && row.transmitter_code !== row.sender_code
        ? { transmitterCode: row.transmitter_code }
        : {}),
      identity: row.identity,
      orderKey: row.order_key,
      ...(row.app_type ? { appType: row.app_type } : {}),
      ...(row.app_time ? { appTime: row.app_time } : {}),
      receivedAt: new Date(row.received_at).toISOString(),
      document: clearReadOf(row, principal) ? row.document : maskPaths(row.document, paths),
      receipts: `/v1/messages/${row.id}/receipts`,
    };
  }
}
