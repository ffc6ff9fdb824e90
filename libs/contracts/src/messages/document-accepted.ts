import type { Type as ClassType } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsUUID, Matches, ValidateBy, ValidateNested } from 'class-validator';

import { CEB311, type ImportOrder } from '../ceb/import/ceb311-order';
import { CEB_MESSAGE_TYPES, type CebMessageType, type DocumentDescriptor } from '../ceb/document-descriptor';
import { ENTERPRISE_CODE } from '../ceb/patterns';
import { tokenisedDocumentClass } from '../personal-data';

/** What every `gateway.external.<document>.accepted.v<N>` payload carries besides the document itself. */
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

/**
 * `document`: the document as declared, except that on topics every person field (descriptor.personFields)
 * holds a token list instead of the clear value. `masked`: the masked display value of each tokenised
 * field by its path (absent on topics of document types without person fields).
 */
export type DocumentAccepted<T extends object> = DocumentAcceptedBase & {
  document: T;
  masked?: Record<string, string>;
};

/** A record of display strings by path (the `masked` values of a tokenised document). */
function IsMaskedValues(): PropertyDecorator {
  return ValidateBy({
    name: 'isMaskedValues',
    validator: {
      validate: (value: unknown) =>
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.entries(value).every(
          ([k, v]) => /^[A-Za-z]+\.[A-Za-z]+$/.test(k) && typeof v === 'string' && v.length <= 120,
        ),
      defaultMessage: () => 'masked must map Head.field paths to display strings',
    },
  });
}

/**
 * The payload class of a document type whose documents carry person fields, as topics carry it: the person
 * fields hold token lists (validated as such), `masked` their display values.
 */
export function tokenisedDocumentAcceptedClass<T extends object>(
  descriptor: DocumentDescriptor<T>,
): ClassType<DocumentAccepted<T>> {
  const documentClass = tokenisedDocumentClass(descriptor.documentClass, descriptor.personFields);
  class Accepted extends DocumentAcceptedBase {
    @IsObject()
    @ValidateNested()
    @Type(() => documentClass)
    document!: T;

    @IsMaskedValues()
    masked!: Record<string, string>;
  }
  Object.defineProperty(Accepted, 'name', { value: `${documentClass.name}Accepted` });
  return Accepted;
}

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

export const ImportOrderAccepted = tokenisedDocumentAcceptedClass(CEB311);
export type ImportOrderAccepted = DocumentAccepted<ImportOrder>;
