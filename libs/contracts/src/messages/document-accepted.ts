import type { Type as ClassType } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsUUID, Matches, ValidateNested } from 'class-validator';

import { ImportOrder } from '../ceb/import/ceb311-order';
import { CEB_MESSAGE_TYPES, type CebMessageType } from '../ceb/document-descriptor';
import { ENTERPRISE_CODE } from '../ceb/patterns';

/** What every `gateway.external.<document>.accepted.v1` payload carries besides the document itself. */
export class DocumentAcceptedBase {
  /** Id of the gateway's message-log entry (the sender's 202 answer names it); receipts refer to it. */
  @IsUUID()
  messageId!: string;

  @IsIn(CEB_MESSAGE_TYPES)
  messageType!: CebMessageType;

  /** Enterprise that submitted the document (authenticated at the gateway). */
  @Matches(ENTERPRISE_CODE)
  senderCode!: string;

  @IsISO8601({ strict: true })
  receivedAt!: string;
}

export type DocumentAccepted<T extends object> = DocumentAcceptedBase & { document: T };

/** The payload class of a document type's accepted event, validating the document with its own class. */
export function documentAcceptedClass<T extends object>(
  documentClass: ClassType<T>,
): ClassType<DocumentAccepted<T>> {
  class Accepted extends DocumentAcceptedBase {
    @IsObject()
    @ValidateNested()
    @Type(() => documentClass)
    document!: T;
  }
  Object.defineProperty(Accepted, 'name', { value: `${documentClass.name}Accepted` });
  return Accepted;
}

export const ImportOrderAccepted = documentAcceptedClass(ImportOrder);
export type ImportOrderAccepted = DocumentAccepted<ImportOrder>;
