import {
  CebMessageType,
  type DocumentAccepted,
  DocumentDescriptor,
  documentTopicOf,
  EXPORT_DESCRIPTORS,
  IMPORT_DESCRIPTORS,
  TopicDefinition,
} from '@swx/contracts';

/** URL path of each document type's intake endpoint under `/v1/`. */
const PATHS: Record<CebMessageType, string> = {
  CEB311: 'import/orders',
  CEB411: 'import/payments',
  CEB511: 'import/waybills',
  CEB513: 'import/waybill-statuses',
  CEB621: 'import/inventories',
  CEB623: 'import/inventory-cancellations',
  CEB625: 'import/refunds',
  CEB303: 'export/orders',
  CEB403: 'export/payment-receipts',
  CEB505: 'export/waybills',
  CEB507: 'export/arrivals',
  CEB509: 'export/departures',
  CEB603: 'export/inventories',
  CEB701: 'export/summary-requests',
  CEB605: 'export/inventory-cancellations',
  CEB213: 'export/refunds',
  CEB215: 'export/refund-tallies',
  CEB711: 'import/deliveries',
  CEB607: 'export/master-bills',
};

export interface IntakeDocumentType {
  descriptor: DocumentDescriptor;
  topic: TopicDefinition<DocumentAccepted<object>>;
  path: string;
}

export const DOCUMENT_DESCRIPTORS: DocumentDescriptor[] = [
  ...IMPORT_DESCRIPTORS,
  ...EXPORT_DESCRIPTORS,
] as DocumentDescriptor[];

export const INTAKE_DOCUMENT_TYPES: IntakeDocumentType[] = DOCUMENT_DESCRIPTORS.map((descriptor) => ({
  descriptor,
  topic: documentTopicOf(descriptor.messageType),
  path: PATHS[descriptor.messageType],
}));

export const intakeTypeOf = (messageType: string): IntakeDocumentType | undefined =>
  INTAKE_DOCUMENT_TYPES.find((t) => t.descriptor.messageType === messageType);
