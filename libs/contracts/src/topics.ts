import type { CebMessageType } from './ceb/document-descriptor';
import type { ServiceName } from './envelope';

/**
 * The versioned topic catalogue. Names follow `<producer>.<internal|external>.<entity>.<event>.v<N>`:
 * `external` topics are documented for regulator subscribers, `internal` ones are between our services.
 * A breaking change to a payload gets a new version (a new topic); consumers move over deliberately.
 */
export interface TopicDefinition {
  readonly name: string;
  readonly messageType: string;
  readonly version: number;
  readonly producer: ServiceName;
  readonly audience: 'internal' | 'external';
  readonly key: string;
  readonly description: string;
}

function topic(def: Omit<TopicDefinition, 'name'> & { entity: string; event: string }): TopicDefinition {
  const { entity, event, ...rest } = def;
  return { ...rest, name: `${def.producer}.${def.audience}.${entity}.${event}.v${def.version}` };
}

export const Topics = {
  ImportOrderAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'import-order',
    event: 'accepted',
    version: 1,
    messageType: 'ImportOrderAccepted',
    key: 'orderNo',
    description:
      'A CEB311 import order accepted at the single window (validated, stored in the message log).',
  }),
  ImportPaymentAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'import-payment',
    event: 'accepted',
    version: 1,
    messageType: 'ImportPaymentAccepted',
    key: 'orderNo',
    description: 'A CEB411 payment accepted at the single window (validated, stored in the message log).',
  }),
  ImportWaybillAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'import-waybill',
    event: 'accepted',
    version: 1,
    messageType: 'ImportWaybillAccepted',
    key: 'orderNo',
    description: 'A CEB511 waybill accepted at the single window (validated, stored in the message log).',
  }),
  ImportWaybillStatusAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'import-waybill-status',
    event: 'accepted',
    version: 1,
    messageType: 'ImportWaybillStatusAccepted',
    key: 'logisticsCode:logisticsNo (a status carries no order number)',
    description:
      'A CEB513 waybill status accepted at the single window (validated, stored in the message log).',
  }),
  ImportInventoryAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'import-inventory',
    event: 'accepted',
    version: 1,
    messageType: 'ImportInventoryAccepted',
    key: 'orderNo',
    description:
      'A CEB621 import inventory list accepted at the single window (validated, stored in the message log).',
  }),
  ImportInventoryCancelAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'import-inventory-cancel',
    event: 'accepted',
    version: 1,
    messageType: 'ImportInventoryCancelAccepted',
    key: 'orderNo',
    description:
      'A CEB623 inventory list cancel accepted at the single window (validated, stored in the message log).',
  }),
  ImportRefundAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'import-refund',
    event: 'accepted',
    version: 1,
    messageType: 'ImportRefundAccepted',
    key: 'orderNo',
    description:
      'A CEB625 return (refund) request accepted at the single window (validated, stored in the message log).',
  }),
  ExportOrderAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'export-order',
    event: 'accepted',
    version: 1,
    messageType: 'ExportOrderAccepted',
    key: 'orderNo',
    description:
      'A CEB303 export order accepted at the single window (validated, stored in the message log).',
  }),
  ExportReceiptAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'export-receipt',
    event: 'accepted',
    version: 1,
    messageType: 'ExportReceiptAccepted',
    key: 'orderNo',
    description:
      'A CEB403 export receipt of payment accepted at the single window (validated, stored in the message log).',
  }),
  ExportWaybillAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'export-waybill',
    event: 'accepted',
    version: 1,
    messageType: 'ExportWaybillAccepted',
    key: 'logisticsNo (an export waybill carries no order number)',
    description:
      'A CEB505 export waybill accepted at the single window (validated, stored in the message log).',
  }),
  ExportArrivalAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'export-arrival',
    event: 'accepted',
    version: 1,
    messageType: 'ExportArrivalAccepted',
    key: 'logisticsCode:copNo (an arrival covers many waybills)',
    description:
      'A CEB507 export arrival accepted at the single window (validated, stored in the message log).',
  }),
  ExportDepartureAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'export-departure',
    event: 'accepted',
    version: 1,
    messageType: 'ExportDepartureAccepted',
    key: 'logisticsCode:copNo (a departure covers many waybills)',
    description:
      'A CEB509 export departure accepted at the single window (validated, stored in the message log).',
  }),
  ExportInventoryAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'export-inventory',
    event: 'accepted',
    version: 1,
    messageType: 'ExportInventoryAccepted',
    key: 'orderNo',
    description:
      'A CEB603 export inventory list accepted at the single window (validated, stored in the message log).',
  }),
  ExportSummaryRequestAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'export-summary-request',
    event: 'accepted',
    version: 1,
    messageType: 'ExportSummaryRequestAccepted',
    key: 'agentCode:copNo (a summary covers many lists)',
    description:
      'A CEB701 summary declaration request accepted at the single window (validated, stored in the message log).',
  }),
  EnterpriseChanged: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'enterprise',
    event: 'changed',
    version: 1,
    messageType: 'EnterpriseChanged',
    key: 'customsCode',
    description: 'An enterprise registered (备案) or changed in the registry: the whole current record.',
  }),
  TaxAssessmentRequested: topic({
    producer: 'customs',
    audience: 'internal',
    entity: 'tax-assessment',
    event: 'requested',
    version: 1,
    messageType: 'TaxAssessmentRequested',
    key: 'orderNo',
    description: 'Customs asks tax to assess an import list whose documents matched (120).',
  }),
  TaxAssessmentCompleted: topic({
    producer: 'tax',
    audience: 'internal',
    entity: 'tax-assessment',
    event: 'completed',
    version: 1,
    messageType: 'TaxAssessmentCompleted',
    key: 'orderNo',
    description:
      'Tax answers an assessment request: assessed, over a limit, or held for an insufficient guarantee.',
  }),
  ClearanceStatusChanged: topic({
    producer: 'customs',
    audience: 'external',
    entity: 'clearance-status',
    event: 'changed',
    version: 1,
    messageType: 'ClearanceStatusChanged',
    key: 'orderNo',
    description:
      'Every status change of an inventory list (matched, released 800, inspection 500, closed 899, cancelled, returned…).',
  }),
  MatchResultDecided: topic({
    producer: 'customs',
    audience: 'external',
    entity: 'match-result',
    event: 'decided',
    version: 1,
    messageType: 'MatchResultDecided',
    key: 'orderNo',
    description: 'The outcome of 三单对碰 / 四单比对 for one order, with every failed rule.',
  }),
  ExportSummaryDecided: topic({
    producer: 'customs',
    audience: 'external',
    entity: 'export-summary',
    event: 'decided',
    version: 1,
    messageType: 'ExportSummaryResult',
    key: 'agentCode:copNo (of the CEB701 request)',
    description:
      'The result of a CEB701 export summary request (CEB792-style): the released and departed lists it covers, with totals.',
  }),
  CreditRatingChanged: topic({
    producer: 'credit',
    audience: 'external',
    entity: 'rating',
    event: 'changed',
    version: 1,
    messageType: 'CreditRatingChanged',
    key: 'enterpriseCode',
    description: "An enterprise's credit level (A–D) as the credit service rates it.",
  }),
  TaxBillIssued: topic({
    producer: 'tax',
    audience: 'external',
    entity: 'tax-bill',
    event: 'issued',
    version: 1,
    messageType: 'TaxBillIssued',
    key: 'orderNo',
    description: 'The e-tax bill (CEB816) of a released import list, status 1 generated.',
  }),
  TaxBillStatusChanged: topic({
    producer: 'tax',
    audience: 'external',
    entity: 'tax-bill',
    event: 'status-changed',
    version: 1,
    messageType: 'TaxBillStatusChanged',
    key: 'orderNo',
    description: 'A tax bill status change (CEB818): summarised for payment, paid, or void after a return.',
  }),
  DocumentReceipt: topic({
    producer: 'customs',
    audience: 'external',
    entity: 'document-receipt',
    event: 'issued',
    version: 1,
    messageType: 'DocumentReceipt',
    key: 'orderNo',
    description: 'A customs receipt for a declared document (CEB returnStatus, returnTime, returnInfo).',
  }),
} as const satisfies Record<string, TopicDefinition>;

export type TopicName = (typeof Topics)[keyof typeof Topics]['name'];

export const DLT_SUFFIX = '.dlt';
export const deadLetterTopic = (topicName: string): string => `${topicName}${DLT_SUFFIX}`;

export const allTopics = (): TopicDefinition[] => Object.values(Topics);

/**
 * Kafka key of every document of one order: the order number, which all four documents carry (the waybill
 * has no platform code, so the platform code cannot be part of the key).
 */
export const orderKey = (orderNo: string): string => orderNo;

/** The accepted-event topic of each declarable CEB document type. */
export const DOCUMENT_TOPICS = {
  CEB311: Topics.ImportOrderAccepted,
  CEB411: Topics.ImportPaymentAccepted,
  CEB511: Topics.ImportWaybillAccepted,
  CEB513: Topics.ImportWaybillStatusAccepted,
  CEB621: Topics.ImportInventoryAccepted,
  CEB623: Topics.ImportInventoryCancelAccepted,
  CEB625: Topics.ImportRefundAccepted,
  CEB303: Topics.ExportOrderAccepted,
  CEB403: Topics.ExportReceiptAccepted,
  CEB505: Topics.ExportWaybillAccepted,
  CEB507: Topics.ExportArrivalAccepted,
  CEB509: Topics.ExportDepartureAccepted,
  CEB603: Topics.ExportInventoryAccepted,
  CEB701: Topics.ExportSummaryRequestAccepted,
} as const satisfies Record<CebMessageType, TopicDefinition>;
