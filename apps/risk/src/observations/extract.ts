import {
  type AnomalyReported,
  currentToken,
  type DocumentAccepted,
  type ImportInventory,
  type ImportOrder,
  type ImportPayment,
  type RiskSubjectKind,
} from '@swx/contracts';

import type { Observation } from '../rules/evaluate';
import { appTimeToIso } from '../rules/china-time';
import type { RiskStream } from '../rules/rule-book';

/** An observation with the stream and subject it belongs to, and the version that orders redeclarations. */
export interface SubjectObservation extends Observation {
  stream: RiskStream;
  subjectKind: RiskSubjectKind;
  subject: string;
  subjectMasked: string;
  /** A newer version of one source replaces the older (a modified order, a withdrawn anomaly). */
  version: string;
}

/** The parts of an order the rules need, kept by order number to join its payment whenever it comes. */
export interface OrderFacts {
  orderNo: string;
  ebpCode: string;
  buyer: string;
  buyerMasked: string;
  appTime: string;
  messageId: string;
}

export interface PaymentFacts {
  orderNo: string;
  payer: string;
  payerMasked: string;
  appTime: string;
  messageId: string;
}

/** Observations of an accepted import order: its buyer, its address and its address + phone with the name. */
export function observationsOfOrder(accepted: DocumentAccepted<ImportOrder>): SubjectObservation[] {
  const head = accepted.document.OrderHead;
  if (head.appType === '3') return [];
  const masked = accepted.masked ?? {};
  const at = appTimeToIso(head.appTime);
  const version = `${head.appTime}:${accepted.messageId}`;
  const common = {
    stream: 'order' as const,
    source: head.orderNo,
    at,
    weight: 1,
    amount: head.acturalPaid,
    active: true,
    enterpriseCode: head.ebpCode,
    orderNo: head.orderNo,
    messageId: accepted.messageId,
    documentType: 'CEB311',
    version,
  };
  const address = currentToken(head.consigneeAddress);
  const phone = currentToken(head.consigneeTelephone);
  const observations: SubjectObservation[] = [
    {
      ...common,
      subjectKind: 'buyer',
      subject: currentToken(head.buyerIdNumber),
      subjectMasked: masked['OrderHead.buyerIdNumber'] ?? '',
      countKey: head.orderNo,
    },
    {
      ...common,
      subjectKind: 'address',
      subject: address,
      subjectMasked: masked['OrderHead.consigneeAddress'] ?? '',
      countKey: head.orderNo,
    },
    {
      ...common,
      subjectKind: 'addressPhone',
      subject: `${address}|${phone}`,
      subjectMasked:
        `${masked['OrderHead.consigneeAddress'] ?? ''} ${masked['OrderHead.consigneeTelephone'] ?? ''}`.trim(),
      // Many different recipient names at one address and phone: the name is what is counted.
      countKey: currentToken(head.consignee),
    },
  ];
  return observations.filter((o) => o.subject !== '' && o.subject !== '|');
}

export function orderFactsOf(accepted: DocumentAccepted<ImportOrder>): OrderFacts {
  const head = accepted.document.OrderHead;
  return {
    orderNo: head.orderNo,
    ebpCode: head.ebpCode,
    buyer: currentToken(head.buyerIdNumber),
    buyerMasked: accepted.masked?.['OrderHead.buyerIdNumber'] ?? '',
    appTime: head.appTime,
    messageId: accepted.messageId,
  };
}

export function paymentFactsOf(accepted: DocumentAccepted<ImportPayment>): PaymentFacts {
  const head = accepted.document.PaymentHead;
  return {
    orderNo: head.orderNo,
    payer: currentToken(head.payerIdNumber),
    payerMasked: accepted.masked?.['PaymentHead.payerIdNumber'] ?? '',
    appTime: head.appTime,
    messageId: accepted.messageId,
  };
}

/** A payment joined with its order: the payer paid for the order's buyer, at the payment's time. */
export function payerObservation(order: OrderFacts, payment: PaymentFacts): SubjectObservation {
  return {
    stream: 'payment',
    subjectKind: 'payer',
    subject: payment.payer,
    subjectMasked: payment.payerMasked,
    source: order.orderNo,
    countKey: order.buyer,
    at: appTimeToIso(payment.appTime),
    weight: 1,
    active: true,
    enterpriseCode: order.ebpCode,
    orderNo: order.orderNo,
    messageId: order.messageId,
    documentType: 'CEB311',
    version: `${payment.appTime}:${payment.messageId}`,
  };
}

/** A match result of an import order of a known platform: refused (active) or passed after a refusal. */
export function matchObservation(
  order: Pick<OrderFacts, 'orderNo' | 'ebpCode' | 'messageId' | 'appTime'>,
  outcome: 'passed' | 'failed' | 'incomplete',
  decidedAt: string,
): SubjectObservation {
  return {
    stream: 'matchRefusal',
    subjectKind: 'enterprise',
    subject: order.ebpCode,
    subjectMasked: order.ebpCode,
    source: order.orderNo,
    countKey: order.orderNo,
    // The window runs on the order's own time; the decision's time only orders a pass after a refusal.
    at: appTimeToIso(order.appTime),
    weight: 1,
    active: outcome === 'failed',
    enterpriseCode: order.ebpCode,
    orderNo: order.orderNo,
    messageId: order.messageId,
    documentType: 'CEB311',
    version: `${new Date(decidedAt).toISOString()}`,
  };
}

const SEVERITY_WEIGHT = { low: 1, medium: 2, high: 3 } as const;

/** A forex or logistics anomaly about an enterprise; a withdrawal deactivates it. */
export function anomalyObservation(
  stream: 'forexAnomaly' | 'logisticsAnomaly',
  anomaly: AnomalyReported,
): SubjectObservation {
  return {
    stream,
    subjectKind: 'enterprise',
    subject: anomaly.enterpriseCode,
    subjectMasked: anomaly.enterpriseCode,
    source: anomaly.anomalyId,
    countKey: anomaly.anomalyId,
    at: anomaly.occurredAt,
    weight: SEVERITY_WEIGHT[anomaly.severity],
    active: anomaly.status === 'detected',
    enterpriseCode: anomaly.enterpriseCode,
    // A withdrawal of the same instant wins over the detection.
    version: `${new Date(anomaly.occurredAt).toISOString()}:${anomaly.status === 'withdrawn' ? 1 : 0}`,
  };
}

/** A list's unit prices, per platform and HS code (CNY lines only); a deleted list withdraws them. */
export function observationsOfInventory(accepted: DocumentAccepted<ImportInventory>): SubjectObservation[] {
  const head = accepted.document.InventoryHead;
  const at = appTimeToIso(head.appTime);
  return accepted.document.InventoryList.filter((line) => line.currency === '142').map((line) => ({
    stream: 'linePrice' as const,
    subjectKind: 'platformHsCode' as const,
    subject: `${head.ebpCode}:${line.gcode}`,
    subjectMasked: `${head.ebpCode}:${line.gcode}`,
    source: `${head.orderNo}:${line.gnum}`,
    countKey: `${head.orderNo}:${line.gnum}`,
    at,
    weight: 1,
    amount: line.price,
    active: head.appType !== '3',
    enterpriseCode: head.ebpCode,
    orderNo: head.orderNo,
    messageId: accepted.messageId,
    documentType: 'CEB621',
    version: `${head.appTime}:${accepted.messageId}`,
  }));
}

/** What tax published of an order's list: the dutiable value of its bill (the buyer's quota use), and voiding. */
export interface BillFacts {
  /** 完税价格 of the bill, the sum of its lines' `taxPrice`. */
  dutiable?: string;
  /** A voided bill (作废, after a return) no longer uses quota; voiding is final. */
  void: boolean;
}

export interface MatchFacts {
  outcome: 'passed' | 'failed' | 'incomplete';
  decidedAt: string;
}

/** What risk knows of one order number: its order, its payment and its latest match result, in any order. */
export interface OrderFactsRow {
  order?: OrderFacts;
  payment?: PaymentFacts;
  match?: MatchFacts;
  bill?: BillFacts;
}

const newer = <T>(a: T | undefined, b: T | undefined, versionOf: (x: T) => string): T | undefined =>
  a === undefined ? b : b === undefined ? a : versionOf(b) > versionOf(a) ? b : a;

/** Merges a newly arrived part into the row, the newer version of each part winning (by its own time, then id). */
export function mergeFacts(row: OrderFactsRow, incoming: OrderFactsRow): OrderFactsRow {
  const order = newer(row.order, incoming.order, (o) => `${o.appTime}:${o.messageId}`);
  const payment = newer(row.payment, incoming.payment, (p) => `${p.appTime}:${p.messageId}`);
  const match = newer(row.match, incoming.match, (m) => new Date(m.decidedAt).toISOString());
  const bill =
    row.bill || incoming.bill
      ? {
          ...((row.bill?.dutiable ?? incoming.bill?.dutiable) !== undefined
            ? { dutiable: (row.bill?.dutiable ?? incoming.bill?.dutiable)! }
            : {}),
          void: Boolean(row.bill?.void || incoming.bill?.void),
        }
      : undefined;
  return {
    ...(order && { order }),
    ...(payment && { payment }),
    ...(match && { match }),
    ...(bill && { bill }),
  };
}

/** The observations that need an order joined with its payment or its match result. */
export function joinedObservations(row: OrderFactsRow): SubjectObservation[] {
  const out: SubjectObservation[] = [];
  if (row.order && row.payment && row.payment.payer !== '')
    out.push(payerObservation(row.order, row.payment));
  if (row.order && row.match) out.push(matchObservation(row.order, row.match.outcome, row.match.decidedAt));
  if (row.order && row.bill?.dutiable !== undefined && row.order.buyer !== '')
    out.push(quotaObservation(row.order, row.bill));
  return out;
}

/** A released list's quota use by the order's buyer on the order's platform (the platform is what is counted). */
export function quotaObservation(order: OrderFacts, bill: BillFacts): SubjectObservation {
  return {
    stream: 'quota',
    subjectKind: 'buyer',
    subject: order.buyer,
    subjectMasked: order.buyerMasked,
    source: order.orderNo,
    countKey: order.ebpCode,
    at: appTimeToIso(order.appTime),
    weight: 1,
    amount: bill.dutiable,
    active: !bill.void,
    enterpriseCode: order.ebpCode,
    orderNo: order.orderNo,
    messageId: order.messageId,
    documentType: 'CEB311',
    version: bill.void ? '1' : '0',
  };
}
