import type { Type } from '@nestjs/common';

import type { PersonField } from '../personal-data';

/** Roles an enterprise can be registered in (备案), as the standard names the senders. */
export const ENTERPRISE_ROLES = ['ebp', 'ebc', 'pay', 'logistics', 'agent', 'warehouse', 'service'] as const;
export type EnterpriseRole = (typeof ENTERPRISE_ROLES)[number];

/** One rule a document breaks: where, which rule (a stable code), and a message for people. */
export interface RuleViolation {
  /** Path into the document, e.g. `OrderHead.acturalPaid` or `OrderList[1].totalPrice`. */
  path: string;
  /** Stable rule code, e.g. `order.acturalPaid.sum` or `line.totalPrice.product`. */
  rule: string;
  message: string;
  /**
   * `warning`: a rule the standard does not state (docs/ceb-rules.md): the document is accepted and the warning
   * is returned with its acceptance. Absent: a refusal.
   */
  severity?: 'warning';
}

export type CebMessageType =
  | 'CEB311'
  | 'CEB411'
  | 'CEB511'
  | 'CEB513'
  | 'CEB621'
  | 'CEB623'
  | 'CEB625'
  | 'CEB303'
  | 'CEB403'
  | 'CEB505'
  | 'CEB507'
  | 'CEB509'
  | 'CEB603'
  | 'CEB701'
  | 'CEB605'
  | 'CEB213'
  | 'CEB215'
  | 'CEB711'
  | 'CEB607';

export const CEB_MESSAGE_TYPES: CebMessageType[] = [
  'CEB311',
  'CEB411',
  'CEB511',
  'CEB513',
  'CEB621',
  'CEB623',
  'CEB625',
  'CEB303',
  'CEB403',
  'CEB505',
  'CEB507',
  'CEB509',
  'CEB603',
  'CEB701',
  'CEB605',
  'CEB213',
  'CEB215',
  'CEB711',
  'CEB607',
];

/**
 * Everything the platform needs to know about one declarable CEB document type: its class (validation and
 * Swagger), where it sits in the CEB XML message, who may send it, how it is keyed and versioned, its
 * arithmetic rules and its personal data. One descriptor per type; the intake, XML mapping and Swagger
 * console are driven by these.
 */
export interface DocumentDescriptor<T extends object = object> {
  messageType: CebMessageType;
  /** Chinese and English name, e.g. `电子订单 import order`. */
  title: string;
  flow: 'import' | 'export';
  /** Root element of the CEB XML message, e.g. `CEB311Message`. */
  rootElement: string;
  /** Element of one document under the root (repeated up to 100 times), e.g. `Order`. */
  documentElement: string;
  /** class-validator class of one document in JSON: the children of `documentElement` by element name. */
  documentClass: Type<T>;
  /** Child elements of `documentElement` that repeat (arrays in JSON), e.g. `['OrderList']`. */
  repeatedElements: string[];
  /** Element holding the head fields (`OrderHead`, `PaymentHead`, `LogisticsStatus`...). */
  headElement: string;
  /** The role the sender must hold, and the head field that must carry the sender's own code. */
  senderRole: EnterpriseRole;
  senderCodeField: string;
  /** Kafka key: the order number for documents of an order, so they meet on one partition. */
  keyOf(document: T): string;
  /** Business identity: a newer version (appType 2/3) of the same document has the same identity. */
  identityOf(document: T): string;
  /** `appType` and `appTime` of the document (export 701 and others may lack them: then undefined). */
  versionOf(document: T): { appType?: string; appTime?: string };
  /** Arithmetic and cross-field rules beyond single-field validation; decimal-exact. */
  check(document: T): RuleViolation[];
  /** Paths of personal data to mask for roles without the personal-data scope, e.g. `OrderHead.buyerIdNumber`. */
  personalDataPaths: string[];
  /**
   * The person fields (ID number, phone, name, address) the gateway tokenises before a document goes on a
   * topic (docs/personal-data.md): heads only.
   */
  personFields: PersonField[];
  /** A valid example, consistent with the examples of the other document types of the same flow. */
  example: T;
}
