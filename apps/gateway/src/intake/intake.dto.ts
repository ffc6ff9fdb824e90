import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { IntakeResult } from './accept-documents.usecase';

export class DocumentOutcomeDto {
  @ApiProperty({ description: 'Position of the document in the message (0-based)', example: 0 })
  position!: number;

  @ApiProperty({ description: 'Message id of the document: receipts refer to it', format: 'uuid' })
  messageId!: string;

  @ApiProperty({
    description: 'Business identity of the document (what appType 2/3 refer to)',
    example: '3301960001:ORD20261121000001',
  })
  identity!: string;

  @ApiProperty({
    description:
      '`accepted`: stored and sent on; `replayed`: identical to a document accepted before — its original message id, nothing sent again',
    enum: ['accepted', 'replayed'],
  })
  status!: 'accepted' | 'replayed';

  @ApiPropertyOptional({
    description:
      'Rules the CEB standard does not state that the document breaks (e.g. a payment time after the declaration ' +
      'time): the document is accepted; see docs/ceb-rules.md',
    type: 'array',
    items: {
      type: 'object',
      properties: { path: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
    },
  })
  warnings?: { path: string; rule: string; message: string }[];

  @ApiProperty({
    description: 'Where the receipts of this document are read',
    example: '/v1/messages/{messageId}/receipts',
  })
  receipts!: string;
}

export class IntakeResponseDto {
  @ApiPropertyOptional({
    description: 'The stored submission (absent when every document was a replay)',
    format: 'uuid',
  })
  submissionId?: string;

  @ApiPropertyOptional({
    description: 'The message id, when the request held a single JSON document',
    format: 'uuid',
  })
  messageId?: string;

  @ApiProperty({
    description: 'Follows the documents through every service (also the x-correlation-id header)',
  })
  correlationId!: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ type: [DocumentOutcomeDto] })
  documents!: DocumentOutcomeDto[];
}

export function toIntakeResponse(result: IntakeResult, single: boolean): IntakeResponseDto {
  const documents = result.documents.map((d) => ({ ...d, receipts: `/v1/messages/${d.messageId}/receipts` }));
  return {
    ...(result.submissionId ? { submissionId: result.submissionId } : {}),
    ...(single ? { messageId: documents[0].messageId } : {}),
    correlationId: result.correlationId,
    receivedAt: result.receivedAt,
    documents,
  };
}
