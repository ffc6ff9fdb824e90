import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';

import { CUSTOMS_CODE, DEMO_ENTERPRISES, SWIFT_BIC } from '@swx/contracts';

import { OnlyForKind, requiredForKindOrPresent } from '../registry/only-for-kind';
import { PageQuery } from '../registry/page';
import { ALL_SCOPES } from './client-scopes';
import type { ClientKind } from './oauth-client.entity';
import { AGENCIES, Agency, Scope, Scopes } from './principal';

const CLIENT_KINDS: ClientKind[] = ['enterprise', 'regulator', 'operator', 'bank'];
const PLATFORM = DEMO_ENTERPRISES.platform;
const CLIENT_ID_EXAMPLE = `ent-${PLATFORM.customsCode}-1a2b3c4d`;
const SCOPES_DESCRIPTION =
  'Enterprise clients: `documents:write`, `documents:read`, `webhooks:manage` (the default), plus ' +
  '`personal-data:read` only when listed. Regulator clients: `regulator:read` (default), optionally ' +
  '`personal-data:read`. Operator clients: `registry:read`, `registry:write`, `credentials:manage` (default). ' +
  'Bank clients: `forex:bank` (default).';

export class IssueClientRequest {
  @ApiProperty({
    description: 'Who the client acts for: an enterprise, a regulator agency, or a platform operator',
    enum: CLIENT_KINDS,
    example: 'enterprise',
  })
  @IsIn(CLIENT_KINDS)
  kind!: ClientKind;

  @ApiPropertyOptional({
    description: 'Customs code of the registered enterprise (enterprise clients only, required for them)',
    example: PLATFORM.customsCode,
  })
  @ValidateIf(requiredForKindOrPresent('enterpriseCode', ['enterprise']))
  @Matches(CUSTOMS_CODE, { message: 'enterpriseCode must be 10 digits or capital letters' })
  @OnlyForKind(['enterprise'])
  enterpriseCode?: string;

  @ApiPropertyOptional({
    description: 'Agency (regulator clients only, required for them)',
    enum: AGENCIES,
    example: 'customs',
  })
  @ValidateIf(requiredForKindOrPresent('agency', ['regulator']))
  @IsIn(AGENCIES)
  @OnlyForKind(['regulator'])
  agency?: Agency;

  @ApiPropertyOptional({
    description:
      'SWIFT BIC of a bank registered with `POST /v1/banks` (bank clients only, required for them)',
    example: 'BKCHCNBJ110',
  })
  @ValidateIf(requiredForKindOrPresent('bankCode', ['bank']))
  @Matches(SWIFT_BIC, { message: 'bankCode must be a SWIFT BIC (8 or 11 characters)' })
  @OnlyForKind(['bank'])
  bankCode?: string;

  @ApiPropertyOptional({
    description: `Scopes of the client; leave out for the default of its kind. ${SCOPES_DESCRIPTION}`,
    enum: ALL_SCOPES,
    isArray: true,
    example: [Scopes.DocumentsWrite, Scopes.DocumentsRead, Scopes.WebhooksManage],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ALL_SCOPES, { each: true })
  scopes?: Scope[];

  @ApiPropertyOptional({
    description: 'What the client is for (shown to operators)',
    maxLength: 200,
    example: `${PLATFORM.name} ERP`,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  description?: string;
}

export class ListClientsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only clients of this kind', enum: CLIENT_KINDS })
  @IsOptional()
  @IsIn(CLIENT_KINDS)
  kind?: ClientKind;

  @ApiPropertyOptional({ description: 'Only clients of this enterprise', example: PLATFORM.customsCode })
  @IsOptional()
  @Matches(CUSTOMS_CODE, { message: 'enterpriseCode must be 10 digits or capital letters' })
  enterpriseCode?: string;
}

export class ClientResponse {
  @ApiProperty({ description: 'Client id (`client_id` at the token endpoint)', example: CLIENT_ID_EXAMPLE })
  clientId!: string;

  @ApiProperty({ description: 'Who the client acts for', enum: CLIENT_KINDS, example: 'enterprise' })
  kind!: ClientKind;

  @ApiPropertyOptional({ description: 'Customs code of its enterprise', example: PLATFORM.customsCode })
  enterpriseCode?: string;

  @ApiPropertyOptional({ description: 'Agency of a regulator client', enum: AGENCIES, example: 'customs' })
  agency?: Agency;

  @ApiPropertyOptional({ description: 'SWIFT BIC of a bank client', example: 'BKCHCNBJ110' })
  bankCode?: string;

  @ApiProperty({
    description: SCOPES_DESCRIPTION,
    enum: ALL_SCOPES,
    isArray: true,
    example: [Scopes.DocumentsWrite, Scopes.DocumentsRead, Scopes.WebhooksManage],
  })
  scopes!: Scope[];

  @ApiProperty({ description: 'What the client is for', example: `${PLATFORM.name} ERP` })
  description!: string;

  @ApiProperty({
    description: 'When it was issued',
    format: 'date-time',
    example: '2026-11-21T09:30:00.000Z',
  })
  createdAt!: string;

  @ApiPropertyOptional({
    description: 'Last secret rotation; tokens issued before it are rejected',
    format: 'date-time',
    example: '2026-11-22T08:00:00.000Z',
  })
  secretRotatedAt?: string;

  @ApiPropertyOptional({
    description: 'When it was revoked; a revoked client gets no tokens and its tokens are rejected',
    format: 'date-time',
    example: '2026-11-23T08:00:00.000Z',
  })
  revokedAt?: string;
}

export class ClientWithSecretResponse extends ClientResponse {
  @ApiProperty({
    description: 'The client secret. Shown this once: only a hash of it is stored.',
    example: 'hS3m1Xq0Vb6hE7uUOQv3Dk2z8YjZ1n4cQ5p9rT0wLkA',
  })
  clientSecret!: string;
}

export class ClientPage {
  @ApiProperty({ description: 'Clients in client-id order', type: [ClientResponse] })
  items!: ClientResponse[];

  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last page',
    type: String,
    nullable: true,
    example: null,
  })
  nextCursor!: string | null;
}
