import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ENTERPRISE_CODE, MessageEnvelope, type TopicDefinition } from '@swx/contracts';

/** The `LISTEN/NOTIFY` channel every transaction that records events notifies (SSE streams, event pushes). */
export const EVENT_FEED_CHANNEL = 'swx_event_feed';

/**
 * The enterprises an event concerns, for per-customer filtering (a bank's customers): the customs codes in the
 * payload's and its document's `…Code` fields (ebpCode, ebcCode, payCode, logisticsCode, agentCode,
 * enterpriseCode, customsCode…) and `…Codes` lists (a settlement's enterpriseCodes).
 */
export function enterpriseCodesOf(payload: unknown): string[] {
  const codes = new Set<string>();
  const collect = (value: unknown): void => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key.endsWith('Code') && typeof v === 'string' && ENTERPRISE_CODE.test(v)) codes.add(v);
      if (key.endsWith('Codes') && Array.isArray(v)) {
        for (const c of v) if (typeof c === 'string' && ENTERPRISE_CODE.test(c)) codes.add(c);
      }
    }
  };
  collect(payload);
  collect((payload as { document?: unknown } | null)?.document);
  return [...codes].sort();
}

/** Records messages of external topics in the event feed, in the consuming transaction. */
@Injectable()
export class EventFeed {
  /**
   * One statement for the whole chunk, its notification included (at commit it wakes the open streams and the
   * event push worker of every instance); a redelivered message (same envelope id) is a no-op and notifies no one.
   */
  async record(
    topic: TopicDefinition,
    envelopes: readonly MessageEnvelope<object>[],
    manager: EntityManager,
  ): Promise<void> {
    if (envelopes.length === 0) return;
    const rows = envelopes.map((e, ord) => ({
      ord,
      event_id: e.id,
      topic: topic.name,
      message_type: e.type,
      key: e.key ?? null,
      enterprise_codes: enterpriseCodesOf(e.payload),
      occurred_at: e.occurredAt,
      payload: e.payload,
    }));
    await manager.query(
      `WITH written AS (
         INSERT INTO gateway.event_feed (event_id, topic, message_type, key, enterprise_codes, occurred_at, payload)
         SELECT event_id, topic, message_type, key, enterprise_codes, occurred_at, payload
         FROM jsonb_to_recordset($1::jsonb) AS r(ord int, event_id uuid, topic varchar(200),
           message_type varchar(100), key varchar(300), enterprise_codes varchar(18)[], occurred_at timestamptz,
           payload jsonb)
         ORDER BY ord
         ON CONFLICT (event_id) DO NOTHING
         RETURNING 1
       ) SELECT pg_notify('${EVENT_FEED_CHANNEL}', $2) WHERE EXISTS (SELECT 1 FROM written)`,
      [JSON.stringify(rows), topic.name],
    );
  }
}
