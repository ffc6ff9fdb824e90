import type { Type } from '@nestjs/common';

import type { CebMessageType, DocumentDescriptor } from './ceb/document-descriptor';
import {
  CEB213,
  CEB215,
  CEB303,
  CEB403,
  CEB505,
  CEB507,
  CEB509,
  CEB603,
  CEB605,
  CEB607,
  CEB701,
} from './ceb/export';
import { CEB311, CEB411, CEB511, CEB513, CEB621, CEB623, CEB625, CEB711 } from './ceb/import';
import type { ServiceName } from './envelope';
import { orderKey, orderNoOfIdentity } from './keys';
import {
  ClearanceStatusChanged,
  CreditRatingChanged,
  MatchResultDecided,
  TaxAssessmentCompleted,
  TaxAssessmentRequested,
} from './messages/clearance';
import {
  type DocumentAccepted,
  documentAcceptedClass,
  ImportOrderAccepted,
  tokenisedDocumentAcceptedClass,
} from './messages/document-accepted';
import { ForexVerificationAnomaly, LogisticsAnomaly, RiskCaseConcluded } from './messages/anomaly';
import { CreditListEntryChanged } from './messages/credit';
import { DocumentReceipt } from './messages/document-receipt';
import { RiskCaseChanged, RiskInspectionRequested, RiskNotice, RiskWarningRaised } from './messages/risk';
import {
  ForexDirectoryRegistration,
  ForexDirectoryStatusChanged,
  ForexExchangeRatesPublished,
  ForexSettlementRecorded,
  ForexTransactionRecorded,
} from './messages/forex';
import { EnterpriseChanged } from './messages/enterprise-changed';
import { ExportSummaryResult } from './messages/export-summary';
import { TaxBillIssued, TaxBillStatusChanged } from './messages/tax-bill';
import { WaybillStatusChanged } from './messages/waybill-status';

export { orderKey, orderNoOfIdentity } from './keys';

/**
 * The versioned topic catalogue. Names follow `<producer>.<internal|external>.<entity>.<event>.v<N>`:
 * `external` topics are documented for regulator subscribers, `internal` ones are between our services.
 * A breaking change to a payload gets a new version (a new topic); consumers move over deliberately.
 *
 * Each topic carries its payload class (what consumers validate with and AsyncAPI documents) and its key
 * function, so publishing (`EventPublisher.publish`) and consuming (`@ConsumeTopic`) need nothing but the topic.
 */
export interface TopicDefinition<P extends object = object> {
  readonly name: string;
  readonly messageType: string;
  readonly version: number;
  readonly producer: ServiceName;
  readonly audience: 'internal' | 'external';
  /** The class-validator class of the payload. */
  readonly payload: Type<P>;
  /** The Kafka key of a message: messages with one key keep their order (one partition). */
  keyOf(payload: P): string;
  /** How the key is made, for people (AsyncAPI). */
  readonly keyDescription: string;
  readonly description: string;
  /** The CEB document type whose accepted event this topic carries, for the document topics. */
  readonly documentType?: CebMessageType;
}

/** The payload type of a topic, e.g. `PayloadOf<typeof Topics.DocumentReceipt>`. */
export type PayloadOf<T> = T extends TopicDefinition<infer P> ? P : never;

type TopicInit<P extends object> = Omit<TopicDefinition<P>, 'name' | 'keyOf'> & {
  entity: string;
  event: string;
  keyOf: (payload: P) => string;
};

function topic<P extends object>(def: TopicInit<P>): TopicDefinition<P> {
  const { entity, event, ...rest } = def;
  return { ...rest, name: `${def.producer}.${def.audience}.${entity}.${event}.v${def.version}` };
}

/** The accepted event of a declarable CEB document: the document validated with its own class, keyed like it. */
function documentTopic<T extends object>(
  descriptor: DocumentDescriptor<T>,
  payload: Type<DocumentAccepted<T>>,
  def: Omit<TopicInit<DocumentAccepted<T>>, 'payload' | 'keyOf' | 'documentType'>,
): TopicDefinition<DocumentAccepted<T>> {
  return topic({
    ...def,
    ...(descriptor.personFields.length > 0 && {
      description: `${def.description} Person fields (${descriptor.personFields.map((f) => f.path).join(', ')}) carry person tokens, their masked values in \`masked\` (docs/personal-data.md).`,
    }),
    payload,
    keyOf: (p) => descriptor.keyOf(p.document),
    documentType: descriptor.messageType,
  });
}

export const Topics = {
  ImportOrderAccepted: documentTopic(CEB311, ImportOrderAccepted, {
    producer: 'gateway',
    audience: 'external',
    entity: 'import-order',
    event: 'accepted',
    version: 2,
    messageType: 'ImportOrderAccepted',
    keyDescription: 'orderNo',
    description:
      'A CEB311 import order accepted at the single window (validated, stored in the message log).',
  }),
  ImportPaymentAccepted: documentTopic(CEB411, tokenisedDocumentAcceptedClass(CEB411), {
    producer: 'gateway',
    audience: 'external',
    entity: 'import-payment',
    event: 'accepted',
    version: 2,
    messageType: 'ImportPaymentAccepted',
    keyDescription: 'orderNo',
    description: 'A CEB411 payment accepted at the single window (validated, stored in the message log).',
  }),
  ImportWaybillAccepted: documentTopic(CEB511, tokenisedDocumentAcceptedClass(CEB511), {
    producer: 'gateway',
    audience: 'external',
    entity: 'import-waybill',
    event: 'accepted',
    version: 2,
    messageType: 'ImportWaybillAccepted',
    keyDescription: 'orderNo',
    description: 'A CEB511 waybill accepted at the single window (validated, stored in the message log).',
  }),
  ImportWaybillStatusAccepted: documentTopic(CEB513, documentAcceptedClass(CEB513.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'import-waybill-status',
    event: 'accepted',
    version: 1,
    messageType: 'ImportWaybillStatusAccepted',
    keyDescription: 'logisticsCode:logisticsNo (a status carries no order number)',
    description:
      'A CEB513 waybill status accepted at the single window (validated, stored in the message log).',
  }),
  ImportInventoryAccepted: documentTopic(CEB621, tokenisedDocumentAcceptedClass(CEB621), {
    producer: 'gateway',
    audience: 'external',
    entity: 'import-inventory',
    event: 'accepted',
    version: 2,
    messageType: 'ImportInventoryAccepted',
    keyDescription: 'orderNo',
    description:
      'A CEB621 import inventory list accepted at the single window (validated, stored in the message log).',
  }),
  ImportInventoryCancelAccepted: documentTopic(CEB623, tokenisedDocumentAcceptedClass(CEB623), {
    producer: 'gateway',
    audience: 'external',
    entity: 'import-inventory-cancel',
    event: 'accepted',
    version: 2,
    messageType: 'ImportInventoryCancelAccepted',
    keyDescription: 'orderNo',
    description:
      'A CEB623 inventory list cancel accepted at the single window (validated, stored in the message log).',
  }),
  ImportRefundAccepted: documentTopic(CEB625, tokenisedDocumentAcceptedClass(CEB625), {
    producer: 'gateway',
    audience: 'external',
    entity: 'import-refund',
    event: 'accepted',
    version: 2,
    messageType: 'ImportRefundAccepted',
    keyDescription: 'orderNo',
    description:
      'A CEB625 return (refund) request accepted at the single window (validated, stored in the message log).',
  }),
  ExportOrderAccepted: documentTopic(CEB303, documentAcceptedClass(CEB303.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-order',
    event: 'accepted',
    version: 1,
    messageType: 'ExportOrderAccepted',
    keyDescription: 'orderNo',
    description:
      'A CEB303 export order accepted at the single window (validated, stored in the message log).',
  }),
  ExportReceiptAccepted: documentTopic(CEB403, documentAcceptedClass(CEB403.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-receipt',
    event: 'accepted',
    version: 1,
    messageType: 'ExportReceiptAccepted',
    keyDescription: 'orderNo',
    description:
      'A CEB403 export receipt of payment accepted at the single window (validated, stored in the message log).',
  }),
  ExportWaybillAccepted: documentTopic(CEB505, tokenisedDocumentAcceptedClass(CEB505), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-waybill',
    event: 'accepted',
    version: 2,
    messageType: 'ExportWaybillAccepted',
    keyDescription: 'logisticsNo (an export waybill carries no order number)',
    description:
      'A CEB505 export waybill accepted at the single window (validated, stored in the message log).',
  }),
  ExportArrivalAccepted: documentTopic(CEB507, documentAcceptedClass(CEB507.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-arrival',
    event: 'accepted',
    version: 1,
    messageType: 'ExportArrivalAccepted',
    keyDescription: 'logisticsCode:copNo (an arrival covers many waybills)',
    description:
      'A CEB507 export arrival accepted at the single window (validated, stored in the message log).',
  }),
  ExportDepartureAccepted: documentTopic(CEB509, documentAcceptedClass(CEB509.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-departure',
    event: 'accepted',
    version: 1,
    messageType: 'ExportDepartureAccepted',
    keyDescription: 'logisticsCode:copNo (a departure covers many waybills)',
    description:
      'A CEB509 export departure accepted at the single window (validated, stored in the message log).',
  }),
  ExportInventoryAccepted: documentTopic(CEB603, documentAcceptedClass(CEB603.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-inventory',
    event: 'accepted',
    version: 1,
    messageType: 'ExportInventoryAccepted',
    keyDescription: 'orderNo',
    description:
      'A CEB603 export inventory list accepted at the single window (validated, stored in the message log).',
  }),
  ExportSummaryRequestAccepted: documentTopic(CEB701, documentAcceptedClass(CEB701.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-summary-request',
    event: 'accepted',
    version: 1,
    messageType: 'ExportSummaryRequestAccepted',
    keyDescription: 'agentCode:copNo (a summary covers many lists)',
    description:
      'A CEB701 summary declaration request accepted at the single window (validated, stored in the message log).',
  }),
  ExportInventoryCancelAccepted: documentTopic(CEB605, documentAcceptedClass(CEB605.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-inventory-cancel',
    event: 'accepted',
    version: 1,
    messageType: 'ExportInventoryCancelAccepted',
    keyDescription: 'invtNo (an export cancel carries no order number)',
    description:
      'A CEB605 export inventory list cancel accepted at the single window (validated, stored in the message log).',
  }),
  ExportRefundAccepted: documentTopic(CEB213, documentAcceptedClass(CEB213.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-refund',
    event: 'accepted',
    version: 1,
    messageType: 'ExportRefundAccepted',
    keyDescription: 'invtNo of the original list (an export return carries no order number)',
    description:
      'A CEB213 retail export return (退货申请单) accepted at the single window (validated, stored in the message log).',
  }),
  ExportRefundTallyAccepted: documentTopic(CEB215, documentAcceptedClass(CEB215.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-refund-tally',
    event: 'accepted',
    version: 1,
    messageType: 'ExportRefundTallyAccepted',
    keyDescription: 'logisticsCode:logisticsNo of the returned parcel',
    description:
      'A CEB215 return tally at the supervised site (退运理货明细单) accepted at the single window (validated, stored in the message log).',
  }),
  ImportDeliveryAccepted: documentTopic(CEB711, documentAcceptedClass(CEB711.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'import-delivery',
    event: 'accepted',
    version: 1,
    messageType: 'ImportDeliveryAccepted',
    keyDescription: 'operatorCode:copNo (an arrival at the supervised site covers many waybills)',
    description:
      'A CEB711 arrival declaration of the supervised site (入库明细单) accepted at the single window (validated, stored in the message log).',
  }),
  ExportMasterBillAccepted: documentTopic(CEB607, documentAcceptedClass(CEB607.documentClass), {
    producer: 'gateway',
    audience: 'external',
    entity: 'export-master-bill',
    event: 'accepted',
    version: 1,
    messageType: 'ExportMasterBillAccepted',
    keyDescription: 'agentCode:copNo (a master bill covers many waybills)',
    description:
      'A CEB607 master bill (清单总分单: 提运单 → waybills) accepted at the single window (validated, stored in the message log).',
  }),
  EnterpriseChanged: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'enterprise',
    event: 'changed',
    version: 2,
    messageType: 'EnterpriseChanged',
    payload: EnterpriseChanged,
    keyOf: (p) => p.customsCode,
    keyDescription: 'customsCode',
    description: 'An enterprise registered (备案) or changed in the registry: the whole current record.',
  }),
  TaxAssessmentRequested: topic({
    producer: 'customs',
    audience: 'internal',
    entity: 'tax-assessment',
    event: 'requested',
    version: 2,
    messageType: 'TaxAssessmentRequested',
    payload: TaxAssessmentRequested,
    keyOf: (p) => orderKey(p.orderNo),
    keyDescription: 'orderNo',
    description: 'Customs asks tax to assess an import list whose documents matched (120).',
  }),
  TaxAssessmentCompleted: topic({
    producer: 'tax',
    audience: 'internal',
    entity: 'tax-assessment',
    event: 'completed',
    version: 1,
    messageType: 'TaxAssessmentCompleted',
    payload: TaxAssessmentCompleted,
    keyOf: (p) => orderKey(orderNoOfIdentity(p.listIdentity)),
    keyDescription: 'orderNo (of the list identity `ebcCode:orderNo`)',
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
    payload: ClearanceStatusChanged,
    keyOf: (p) => orderKey(p.orderNo ?? p.listIdentity),
    keyDescription: 'orderNo (the list identity for a change that names no order)',
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
    payload: MatchResultDecided,
    keyOf: (p) => orderKey(p.flow === 'export' ? orderNoOfIdentity(p.caseKey) : p.caseKey),
    keyDescription: 'orderNo (of the case key: `orderNo` for import, `ebpCode:orderNo` for export)',
    description: 'The outcome of 三单对碰 / 四单比对 for one order, with every failed rule.',
  }),
  ExportSummaryDecided: topic({
    producer: 'customs',
    audience: 'external',
    entity: 'export-summary',
    event: 'decided',
    version: 1,
    messageType: 'ExportSummaryResult',
    payload: ExportSummaryResult,
    keyOf: (p) => `${p.agentCode}:${p.copNo}`,
    keyDescription: 'agentCode:copNo (of the CEB701 request)',
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
    payload: CreditRatingChanged,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description:
      "An enterprise's credit level (A–D) as the credit service rates it, with the reason and how to appeal.",
  }),
  CreditListEntryChanged: topic({
    producer: 'credit',
    audience: 'external',
    entity: 'list-entry',
    event: 'changed',
    version: 1,
    messageType: 'CreditListEntryChanged',
    payload: CreditListEntryChanged,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description:
      'An enterprise entered or left the abnormal-operation list, the blacklist or the whitelist (by decision or by rule), with the reason and how to appeal.',
  }),
  ForexVerificationAnomaly: topic({
    producer: 'forex',
    audience: 'external',
    entity: 'verification-anomaly',
    event: 'reported',
    version: 1,
    messageType: 'ForexVerificationAnomaly',
    payload: ForexVerificationAnomaly,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description:
      'Total-volume verification (总量核查) found declared trade and settled funds apart beyond the threshold, or withdrew such a finding.',
  }),
  ForexTransactionRecorded: topic({
    producer: 'forex',
    audience: 'external',
    entity: 'transaction',
    event: 'recorded',
    version: 1,
    messageType: 'ForexTransactionRecorded',
    payload: ForexTransactionRecorded,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode (the bank customer)',
    description:
      'Transaction e-information (交易电子信息) of one order for banks: recorded when the export list has departed or the import list is released, published again on every change (authenticity, reversal, settlement).',
  }),
  ForexSettlementRecorded: topic({
    producer: 'forex',
    audience: 'external',
    entity: 'settlement',
    event: 'recorded',
    version: 1,
    messageType: 'ForexSettlementRecorded',
    payload: ForexSettlementRecorded,
    keyOf: (p) => p.bankCode,
    keyDescription: 'bankCode (SWIFT BIC)',
    description: 'A bank settlement (收汇/付汇/结汇/购汇) recorded against transaction records.',
  }),
  ForexDirectoryStatusChanged: topic({
    producer: 'forex',
    audience: 'external',
    entity: 'directory-status',
    event: 'changed',
    version: 1,
    messageType: 'ForexDirectoryStatusChanged',
    payload: ForexDirectoryStatusChanged,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description:
      "An enterprise's settled receipts or payments of a calendar year (China time) reached US$200,000: no longer exempt from 名录 registration. Settled funds only add up over a year (a return or cancellation lowers what remains settleable, never what was settled), so within a year the status only goes from exempt to registration-required; the next year starts exempt.",
  }),
  ForexDirectoryRegistrationRequested: topic({
    producer: 'forex',
    audience: 'external',
    entity: 'directory-registration',
    event: 'requested',
    version: 1,
    messageType: 'ForexDirectoryRegistration',
    payload: ForexDirectoryRegistration,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description:
      'The 名录 data elements sent to SAFE for the simplified registration (发送给外汇局办理名录登记).',
  }),
  ForexExchangeRatesPublished: topic({
    producer: 'forex',
    audience: 'external',
    entity: 'exchange-rates',
    event: 'published',
    version: 1,
    messageType: 'ForexExchangeRatesPublished',
    payload: ForexExchangeRatesPublished,
    keyOf: (p) => p.date,
    keyDescription: 'date (YYYY-MM-DD)',
    description:
      "One day's exchange rates (US$ per unit, ISO 4217) of the table forex converts with, each version.",
  }),
  LogisticsAnomalyReported: topic({
    producer: 'logistics',
    audience: 'external',
    entity: 'anomaly',
    event: 'reported',
    version: 1,
    messageType: 'LogisticsAnomalyReported',
    payload: LogisticsAnomaly,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description:
      'A logistics anomaly (no scan after release, delivered before release, weight mismatch, waybill reused) or its withdrawal.',
  }),
  WaybillStatusChanged: topic({
    producer: 'logistics',
    audience: 'external',
    entity: 'waybill-status',
    event: 'changed',
    version: 1,
    messageType: 'WaybillStatusChanged',
    payload: WaybillStatusChanged,
    keyOf: (p) => p.logisticsNo,
    keyDescription: 'logisticsNo',
    description:
      "A waybill's status moved to a newer event by the events' own times (carrier scans, arrival, release, departure, delivery): one timeline shared by enterprises and regulators.",
  }),
  RiskCaseConcluded: topic({
    producer: 'risk',
    audience: 'external',
    entity: 'case',
    event: 'concluded',
    version: 1,
    messageType: 'RiskCaseConcluded',
    payload: RiskCaseConcluded,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description: 'A risk case closed after review: confirmed, or a false positive.',
  }),
  RiskWarningRaised: topic({
    producer: 'risk',
    audience: 'external',
    entity: 'warning',
    event: 'raised',
    version: 1,
    messageType: 'RiskWarningRaised',
    payload: RiskWarningRaised,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description:
      'A risk rule crossed its threshold in a window of the documents’ own times, graded blue/yellow/orange/red (蓝/黄/橙/红), or a warning’s grade rose. Person subjects as person tokens with masked values.',
  }),
  RiskCaseChanged: topic({
    producer: 'risk',
    audience: 'external',
    entity: 'case',
    event: 'changed',
    version: 1,
    messageType: 'RiskCaseChanged',
    payload: RiskCaseChanged,
    keyOf: (p) => p.enterpriseCode,
    keyDescription: 'enterpriseCode',
    description:
      'One step of a risk case (collected → assessed → warned → disposed → reviewed, assignment, disposal actions) with the named person who took it and why.',
  }),
  RiskInspectionRequested: topic({
    producer: 'risk',
    audience: 'internal',
    entity: 'inspection',
    event: 'requested',
    version: 1,
    messageType: 'RiskInspectionRequested',
    payload: RiskInspectionRequested,
    keyOf: (p) => orderKey(p.orderNo),
    keyDescription: 'orderNo',
    description:
      'A risk case asks customs to inspect an import list: inspection (500) instead of release, or a post-release check once released.',
  }),
  RiskNoticeIssued: topic({
    producer: 'risk',
    audience: 'internal',
    entity: 'notice',
    event: 'issued',
    version: 1,
    messageType: 'RiskNotice',
    payload: RiskNotice,
    keyOf: (p) => orderKey(p.orderNo ?? p.messageId),
    keyDescription: "orderNo (the document's messageId when it carries none)",
    description:
      'A risk notice to an enterprise, as a receipt on one of its documents: the gateway adds it to the sender’s receipt feed and webhooks.',
  }),
  TaxBillIssued: topic({
    producer: 'tax',
    audience: 'external',
    entity: 'tax-bill',
    event: 'issued',
    version: 1,
    messageType: 'TaxBillIssued',
    payload: TaxBillIssued,
    keyOf: (p) => orderKey(orderNoOfIdentity(p.listIdentity)),
    keyDescription: 'orderNo (of the list identity `ebcCode:orderNo`)',
    description: 'The e-tax bill (CEB816) of a released import list, status 1 generated.',
  }),
  TaxBillStatusChanged: topic({
    producer: 'tax',
    audience: 'external',
    entity: 'tax-bill',
    event: 'status-changed',
    version: 1,
    messageType: 'TaxBillStatusChanged',
    payload: TaxBillStatusChanged,
    keyOf: (p) => orderKey(orderNoOfIdentity(p.listIdentity)),
    keyDescription: 'orderNo (of the list identity `ebcCode:orderNo`)',
    description: 'A tax bill status change (CEB818): summarised for payment, paid, or void after a return.',
  }),
  DocumentReceipt: topic({
    producer: 'customs',
    audience: 'external',
    entity: 'document-receipt',
    event: 'issued',
    version: 1,
    messageType: 'DocumentReceipt',
    payload: DocumentReceipt,
    keyOf: (p) => orderKey(p.orderNo ?? p.messageId),
    keyDescription: "orderNo (the answered document's messageId when it carries no order number)",
    description: 'A customs receipt for a declared document (CEB returnStatus, returnTime, returnInfo).',
  }),
};

export type TopicName = (typeof Topics)[keyof typeof Topics]['name'];

/**
 * Topic versions no longer produced because their payloads carried personal data in clear (issue 12,
 * docs/personal-data.md). Services delete them at start once no consumer group lags on them
 * (`retireTopics`), with their dead-letter topics.
 */
export const RETIRED_TOPICS: readonly string[] = [
  'gateway.external.import-order.accepted.v1',
  'gateway.external.import-payment.accepted.v1',
  'gateway.external.import-waybill.accepted.v1',
  'gateway.external.import-inventory.accepted.v1',
  'gateway.external.import-inventory-cancel.accepted.v1',
  'gateway.external.import-refund.accepted.v1',
  'gateway.external.export-waybill.accepted.v1',
  'gateway.external.enterprise.changed.v1',
  'customs.internal.tax-assessment.requested.v1',
];

export const DLT_SUFFIX = '.dlt';
export const deadLetterTopic = (topicName: string): string => `${topicName}${DLT_SUFFIX}`;

export const allTopics = (): TopicDefinition[] => Object.values(Topics);

/** The topics that carry accepted CEB documents, one per declarable document type. */
export const documentTopics = (): TopicDefinition<DocumentAccepted<object>>[] =>
  allTopics().filter((t) => t.documentType !== undefined) as TopicDefinition<DocumentAccepted<object>>[];

/** The accepted-event topic of a declarable CEB document type. */
export function documentTopicOf(type: CebMessageType): TopicDefinition<DocumentAccepted<object>> {
  const found = documentTopics().find((t) => t.documentType === type);
  if (!found) throw new Error(`no topic carries ${type} documents`);
  return found;
}
