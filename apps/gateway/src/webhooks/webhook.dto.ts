import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';

import { QueryInteger } from '@swx/platform';

import { ReceiptDto } from '../receipts/receipt.dto';
import type { AttemptOutcome, DeliveryStatus } from './webhook.entities';

export class CreateWebhookRequest {
  @ApiProperty({
    description:
      'Endpoint that receives a POST for every receipt of your documents (http or https, without credentials). ' +
      'Loopback, private, link-local and metadata addresses are refused, also when a host name resolves to one.',
    example: 'https://erp.example.com/single-window/receipts',
    maxLength: 2000,
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({
    description: 'Your own note about the endpoint',
    example: 'ERP production',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class WebhookResponse {
  @ApiProperty({
    description: 'Id of the subscription',
    format: 'uuid',
    example: '6f1c2d9e-8a4b-4c7e-9f10-2b3c4d5e6f70',
  })
  id!: string;

  @ApiProperty({
    description: 'Endpoint the receipts are POSTed to',
    example: 'https://erp.example.com/single-window/receipts',
  })
  url!: string;

  @ApiProperty({
    description: 'Your note about the endpoint',
    example: 'ERP production',
    nullable: true,
    type: String,
  })
  description!: string | null;

  @ApiProperty({
    description: 'When the subscription was created',
    format: 'date-time',
    example: '2026-11-21T01:30:00.000Z',
  })
  createdAt!: string;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({
    description:
      'Signing secret of this subscription. Shown only in this answer: store it now; it cannot be read again ' +
      '(delete the subscription and create a new one to rotate it).',
    example: 'whsec_9Jc1mV0r3X2bq8S1dK7nA4pL6tY5uE0wZ3hG2fD1sQ8',
  })
  secret!: string;
}

export class WebhookListResponse {
  @ApiProperty({
    description: 'Active subscriptions of your enterprise, oldest first',
    type: [WebhookResponse],
  })
  webhooks!: WebhookResponse[];
}

export class DeliveryAttemptResponse {
  @ApiProperty({ description: 'Attempt number, from 1', example: 1 })
  attempt!: number;

  @ApiProperty({
    description: 'When the request was sent',
    format: 'date-time',
    example: '2026-11-21T01:35:12.450Z',
  })
  attemptedAt!: string;

  @ApiProperty({
    description: 'Time until the endpoint answered or the attempt failed, in milliseconds',
    example: 84,
  })
  durationMs!: number;

  @ApiProperty({
    description: "HTTP status of the endpoint's answer; null when there was none",
    example: 500,
    nullable: true,
    type: Number,
  })
  httpStatus!: number | null;

  @ApiProperty({
    description:
      'Why there was no answer, as a category (could not connect, timeout, name does not resolve, TLS, internal ' +
      'address not attempted); null when there was one',
    example: null,
    nullable: true,
    type: String,
  })
  error!: string | null;

  @ApiProperty({
    description: '`delivered` (2xx), `retry` (another attempt is scheduled) or `failed` (the last attempt)',
    enum: ['delivered', 'retry', 'failed'],
    example: 'retry',
  })
  outcome!: AttemptOutcome;
}

export class DeliveryResponse {
  @ApiProperty({
    description: 'Delivery id, sent as `X-SWX-Delivery-Id` (the same on every retry)',
    format: 'uuid',
    example: '2a0c3d4e-5f60-4718-89ab-cdef01234567',
  })
  id!: string;

  @ApiProperty({
    description:
      '`pending` (an attempt is due or running), `delivered`, `failed` (gave up) or `cancelled` (subscription deleted)',
    enum: ['pending', 'delivered', 'failed', 'cancelled'],
    example: 'delivered',
  })
  status!: DeliveryStatus;

  @ApiProperty({ description: 'Attempts made so far', example: 1 })
  attempts!: number;

  @ApiProperty({
    description: 'When the next attempt is due, while pending',
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
  })
  nextAttemptAt!: string | null;

  @ApiProperty({
    description: 'When the receipt was recorded and the delivery created',
    format: 'date-time',
    example: '2026-11-21T01:35:12.400Z',
  })
  createdAt!: string;

  @ApiProperty({
    description: 'When it was delivered or given up',
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2026-11-21T01:35:12.534Z',
  })
  finishedAt!: string | null;

  @ApiProperty({ description: 'The receipt this delivery carries (the request body)', type: ReceiptDto })
  receipt!: ReceiptDto;

  @ApiProperty({ description: 'Every attempt, in order', type: [DeliveryAttemptResponse] })
  log!: DeliveryAttemptResponse[];
}

export class DeliveryListResponse {
  @ApiProperty({ description: 'Deliveries of the subscription, newest first', type: [DeliveryResponse] })
  deliveries!: DeliveryResponse[];
}

export class DeliveryListQuery {
  @ApiPropertyOptional({
    description: 'How many deliveries to return (newest first), 1..500',
    example: 100,
    default: 100,
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}
