import { Type } from 'class-transformer';
import { IsISO8601, IsUUID, Matches, ValidateNested } from 'class-validator';

import { ImportOrder } from '../ceb/ceb311-order';
import { ENTERPRISE_CODE } from '../ceb/patterns';

/** Payload of `gateway.external.import-order.accepted.v1`. */
export class ImportOrderAccepted {
  /** Id of the gateway's message-log entry (the sender's 202 answer names it). */
  @IsUUID()
  messageId!: string;

  /** Enterprise that submitted the document. */
  @Matches(ENTERPRISE_CODE)
  senderCode!: string;

  @IsISO8601({ strict: true })
  receivedAt!: string;

  @ValidateNested()
  @Type(() => ImportOrder)
  order!: ImportOrder;
}
