import { IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

import { CebStatus } from '../ceb/code-lists';

/** Payload of `customs.external.document-receipt.issued.v1`: one CEB-style receipt for one document. */
export class DocumentReceipt {
  /** Gateway message-log id of the document this receipt answers. */
  @IsUUID()
  messageId!: string;

  @IsIn(['CEB311', 'CEB411', 'CEB511', 'CEB621'])
  documentType!: string;

  @IsString()
  @MaxLength(60)
  orderNo!: string;

  @IsString()
  @MaxLength(18)
  ebpCode!: string;

  @IsIn(Object.values(CebStatus))
  returnStatus!: CebStatus;

  /** YYYYMMDDhhmmssSSS, as in the standard's receipts. */
  @Matches(/^\d{17}$/)
  returnTime!: string;

  @IsString()
  @MaxLength(1000)
  returnInfo!: string;
}
