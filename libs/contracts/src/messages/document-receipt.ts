import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

import { CebStatus } from '../ceb/code-lists';
import { CEB_MESSAGE_TYPES, type CebMessageType } from '../ceb/document-descriptor';

/** Payload of `customs.external.document-receipt.issued.v1`: one CEB-style receipt for one document. */
export class DocumentReceipt {
  /** Gateway message-log id of the document this receipt answers. */
  @IsUUID()
  messageId!: string;

  @IsIn(CEB_MESSAGE_TYPES)
  documentType!: CebMessageType;

  /** Order number of the document, when it carries one (a waybill status or an arrival does not). */
  @IsOptional()
  @IsString()
  @MaxLength(60)
  orderNo?: string;

  @IsOptional()
  @IsString()
  @MaxLength(18)
  ebpCode?: string;

  /** A CEB status code (REFERENCE.md 6.1), or a negative business error code such as -621018. */
  @Matches(/^(-?\d{1,7})$/)
  returnStatus!: CebStatus | string;

  /** YYYYMMDDhhmmssSSS, as in the standard's receipts. */
  @Matches(/^\d{17}$/)
  returnTime!: string;

  @IsString()
  @MaxLength(1000)
  returnInfo!: string;
}
