import { ForbiddenException } from '@nestjs/common';

import { agencyTopics, allTopics, Topics, type TopicDefinition } from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import { hasScope, Principal, Scopes } from '../auth/principal';

/**
 * Who reads which part of the event feed: topic names, and for a bank the enterprises that named it (a bank
 * sees only its customers' events). The payloads are the topics' own (person fields tokenised and masked at
 * intake), so the stream masks exactly as the broker's topics do.
 */
export interface EventAudience {
  topics: string[];
  /** Only events that concern one of these enterprises; absent: no such filter. */
  enterpriseCodes?: string[];
  /** A bank: only events that concern an enterprise that named it (`gateway.bank_customer`, read at each page). */
  bankCode?: string;
}

/** What a bank follows: the transaction e-information and the settlements of its customers. */
export const BANK_TOPICS = (): TopicDefinition[] => [
  Topics.ForexTransactionRecorded,
  Topics.ForexSettlementRecorded,
];

/** The external topics whose events the gateway keeps in its feed. */
export const feedTopics = (): TopicDefinition[] => allTopics().filter((t) => t.audience === 'external');

/**
 * External topics another gateway consumer handles (a topic has one handler per service): those consumers
 * record their messages in the event feed themselves (receipts, credit notices, anomaly notices).
 */
export const GATEWAY_CONSUMERS_ELSEWHERE: readonly TopicDefinition[] = [
  Topics.DocumentReceipt,
  Topics.CreditRatingChanged,
  Topics.CreditListEntryChanged,
  Topics.ForexVerificationAnomaly,
  Topics.LogisticsAnomalyReported,
];

/** The external topics the events consumer records in the feed: all but those consumed elsewhere. */
export const FED_BY_EVENTS_CONSUMER = (): TopicDefinition[] =>
  feedTopics().filter((t) => !GATEWAY_CONSUMERS_ELSEWHERE.some((e) => e.name === t.name));

/** The topics a caller may follow: a regulator its agency's table (the broker's ACLs), a bank the forex records. */
export function entitledTopics(principal: Principal): TopicDefinition[] {
  if (principal.kind === 'regulator' && principal.agency && hasScope(principal, Scopes.RegulatorRead)) {
    return agencyTopics(principal.agency, feedTopics());
  }
  if (principal.kind === 'bank' && principal.bankCode && hasScope(principal, Scopes.ForexBank)) {
    return BANK_TOPICS();
  }
  return [];
}

/**
 * The audience of a request for `requested` topics (names, comma-separated in the query; absent or empty:
 * every entitled topic). An unknown or non-external name is a 400 naming it; an entitled caller asking for a
 * topic outside its table is a 403 naming it; a caller entitled to nothing is a 403.
 */
export function eventAudienceOf(principal: Principal, requested?: readonly string[]): EventAudience {
  const entitled = entitledTopics(principal);
  if (entitled.length === 0) {
    throw new ForbiddenException(
      'The event stream is for regulators (by agency, scope regulator:read) and banks (their customers’ forex records); enterprises follow their receipts (GET /v1/receipts, webhooks)',
    );
  }
  const bank = principal.kind === 'bank' ? { bankCode: principal.bankCode } : {};
  if (!requested || requested.length === 0) return { topics: entitled.map((t) => t.name), ...bank };
  const external = new Set(feedTopics().map((t) => t.name));
  const unknown = requested.filter((name) => !external.has(name));
  if (unknown.length > 0) {
    throw new FieldValidationException(
      unknown.map((name) => ({
        path: 'topics',
        rule: 'topic',
        message: `${name} is not an external topic of the platform (see the AsyncAPI document)`,
      })),
    );
  }
  const allowed = new Set(entitled.map((t) => t.name));
  const refused = requested.filter((name) => !allowed.has(name));
  if (refused.length > 0) {
    throw new ForbiddenException(
      principal.kind === 'bank'
        ? `A bank follows ${entitled.map((t) => t.name).join(', ')}, not ${refused.join(', ')}`
        : `Your agency (${principal.agency}) is not entitled to ${refused.join(', ')}; its topics are in the AsyncAPI document (tags agency:${principal.agency})`,
    );
  }
  return { topics: [...new Set(requested)], ...bank };
}

/** `a,b , c` → `['a','b','c']`; repeated query parameters are joined first. */
export function parseTopicList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
