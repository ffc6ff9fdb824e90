import type { CebMessageType } from './ceb/document-descriptor';
import { allTopics, type TopicDefinition, Topics } from './topics';

/** Regulator agencies: they read through the API and subscribe to external topics on the broker. */
export const REGULATOR_AGENCIES = [
  'customs',
  'tax',
  'forex',
  'post',
  'market',
  'commerce',
  'credit',
] as const;
export type RegulatorAgency = (typeof REGULATOR_AGENCIES)[number];

/** What one agency may subscribe to: the accepted events of some document types, and some other events. */
export interface AgencyTopicEntitlement {
  /** Who the agency is, for people (README, AsyncAPI). */
  readonly title: string;
  /** Document types whose `*.accepted` topics it reads (every version), or all of them. */
  readonly documents: readonly CebMessageType[] | 'all';
  /** Other external topics it reads: a definition stands for every version of its topic. */
  readonly events: readonly TopicDefinition[] | 'all';
  /** Why, in a few words. */
  readonly why: string;
}

const ENTERPRISE_EVENTS = [Topics.EnterpriseChanged];

/** Risk warnings and case steps, for the agencies of joint risk control (多部门联动) besides customs. */
const RISK_EVENTS = [Topics.RiskWarningRaised, Topics.RiskCaseChanged, Topics.RiskCaseConcluded];

/**
 * The per-agency topic table: what each regulator agency may read on the subscribers' listener, and nothing
 * else (the gateway grants these as broker ACLs, the broker refuses the rest). Keyed by topic definitions and
 * document types, not names, so a new version of a topic (`….v2`) is in the same agencies' sets. The document
 * sets are those the agencies read through the API (apps/gateway/src/intake/message-access.ts; a unit test keeps
 * them equal). Only `external` topics are ever granted, never an internal or dead-letter topic.
 */
export const AGENCY_TOPICS: Record<RegulatorAgency, AgencyTopicEntitlement> = {
  customs: {
    title: 'Customs (海关)',
    documents: 'all',
    events: 'all',
    why: 'supervises every declaration, its matching, release and receipts',
  },
  tax: {
    title: 'Tax administration (税务)',
    documents: ['CEB311', 'CEB621', 'CEB623', 'CEB625', 'CEB603', 'CEB509', 'CEB701'],
    events: [
      Topics.ClearanceStatusChanged,
      Topics.ExportSummaryDecided,
      Topics.TaxBillIssued,
      Topics.TaxBillStatusChanged,
      ...ENTERPRISE_EVENTS,
    ],
    why: 'retail-import tax and export rebates rest on these',
  },
  forex: {
    title: 'Foreign exchange administration (外汇)',
    documents: ['CEB311', 'CEB411', 'CEB303', 'CEB403'],
    events: [
      Topics.ClearanceStatusChanged,
      Topics.ExportSummaryDecided,
      Topics.ForexVerificationAnomaly,
      ...RISK_EVENTS,
      Topics.ForexTransactionRecorded,
      Topics.ForexSettlementRecorded,
      Topics.ForexDirectoryStatusChanged,
      Topics.ForexDirectoryRegistrationRequested,
      Topics.ForexExchangeRatesPublished,
      ...ENTERPRISE_EVENTS,
    ],
    why: 'orders, payments and receipts of payment behind cross-border settlement',
  },
  post: {
    title: 'Logistics and postal administration (邮政/物流)',
    documents: ['CEB511', 'CEB513', 'CEB505', 'CEB507', 'CEB509', 'CEB711', 'CEB607'],
    events: [
      Topics.ClearanceStatusChanged,
      Topics.LogisticsAnomalyReported,
      Topics.WaybillStatusChanged,
      ...RISK_EVENTS,
      ...ENTERPRISE_EVENTS,
    ],
    why: 'waybills, arrivals, master bills and departures, parcel tracking, and when a parcel is released',
  },
  market: {
    title: 'Market supervision (市场监管)',
    documents: ['CEB311', 'CEB625', 'CEB303'],
    events: ENTERPRISE_EVENTS,
    why: 'orders and returns, for consumer protection',
  },
  commerce: {
    title: 'Commerce (商务)',
    documents: 'all',
    events: [Topics.ClearanceStatusChanged, Topics.ExportSummaryDecided, ...ENTERPRISE_EVENTS],
    why: 'trade statistics',
  },
  credit: {
    title: 'Credit administration (信用)',
    documents: [],
    events: [
      Topics.CreditRatingChanged,
      Topics.CreditListEntryChanged,
      Topics.ForexVerificationAnomaly,
      Topics.LogisticsAnomalyReported,
      Topics.RiskCaseConcluded,
      ...ENTERPRISE_EVENTS,
    ],
    why: 'enterprise records and their credit levels',
  },
};

/** A topic's name without its version: `gateway.external.import-order.accepted.v2` → `gateway.external.import-order.accepted`. */
export const topicStem = (name: string): string => name.replace(/\.v\d+$/, '');

/** The external topics an agency may read, of the catalogue `topics` (every topic of this build by default). */
export function agencyTopics(
  agency: RegulatorAgency,
  topics: readonly TopicDefinition[] = allTopics(),
): TopicDefinition[] {
  const entitlement = AGENCY_TOPICS[agency];
  const stems =
    entitlement.events === 'all' ? 'all' : new Set(entitlement.events.map((t) => topicStem(t.name)));
  return topics.filter((t) => {
    if (t.audience !== 'external') return false;
    if (t.documentType !== undefined) {
      return entitlement.documents === 'all' || entitlement.documents.includes(t.documentType);
    }
    return stems === 'all' || stems.has(topicStem(t.name));
  });
}

/**
 * The consumer groups a regulator client may use: `<agency>.<clientId>.` then any name of its own, e.g.
 * `customs.reg-customs-1a2b3c4d.clearance`. Groups are per client, so two clients never share offsets.
 */
export const consumerGroupPrefix = (agency: RegulatorAgency, clientId: string): string =>
  `${agency}.${clientId}.`;

/** Claims and parameters of the Kafka tokens the gateway signs and the broker checks (SASL/OAUTHBEARER). */
export const KAFKA_TOKEN = {
  /** `aud` of a Kafka token, and the `audience` a client asks for at `POST /v1/oauth/token`. */
  audience: 'single-window-kafka',
  issuer: 'single-window',
  algorithm: 'RS256',
  /** Lifetime of a Kafka token; the broker also ends a session 60 s after it authenticated. */
  ttlSeconds: 300,
  /** The broker ends a subscriber's session this long after it authenticated, unless it re-authenticates. */
  reauthenticateWithinMs: 60_000,
} as const;
