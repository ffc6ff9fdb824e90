import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { decodeFeedCursor, encodeFeedCursor, FEED_START, type FeedPosition } from '../receipts/feed-cursor';
import type { EventAudience } from './event-audience';

export interface EventRow {
  id: string;
  tx_id: string;
  event_id: string;
  topic: string;
  message_type: string;
  key: string | null;
  occurred_at: Date;
  payload: object;
}

/** One event as the stream, the JSON page and the pushes show it. */
export interface StreamedEvent {
  cursor: string;
  eventId: string;
  topic: string;
  messageType: string;
  key: string | null;
  occurredAt: string;
  payload: object;
}

export interface EventPage {
  events: StreamedEvent[];
  nextCursor: string;
  hasMore: boolean;
}

export const eventCursorOf = (position: FeedPosition): string => encodeFeedCursor(position, 'e1');
export const decodeEventCursor = (cursor: string, path = 'after'): FeedPosition =>
  decodeFeedCursor(cursor, 'e1', path);

export function toStreamedEvent(row: EventRow): StreamedEvent {
  return {
    cursor: eventCursorOf({ txId: row.tx_id, id: row.id }),
    eventId: row.event_id,
    topic: row.topic,
    messageType: row.message_type,
    key: row.key,
    occurredAt: new Date(row.occurred_at).toISOString(),
    payload: row.payload,
  };
}

/**
 * Pages of the event feed, in the order of the receipt feed (recording transaction, id) and with its rule: only
 * events of transactions older than every running one are shown, so a reader that follows the cursor sees every
 * event of its topics exactly once, whatever commits late.
 */
@Injectable()
export class EventQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(audience: EventAudience, after: FeedPosition, limit: number): Promise<EventPage> {
    const params: unknown[] = [after.txId, after.id, limit + 1, audience.topics];
    let filter = '';
    if (audience.enterpriseCodes) {
      params.push(audience.enterpriseCodes);
      filter = `AND e.enterprise_codes && $${params.length}::varchar(18)[]`;
    }
    if (audience.bankCode) {
      // The bank's customers as of now: naming or dropping a bank takes effect at the next page.
      params.push(audience.bankCode);
      filter += ` AND e.enterprise_codes && ARRAY(SELECT c.enterprise_code::varchar(18) FROM gateway.bank_customer c
                   WHERE c.bank_code = $${params.length})`;
    }
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT e.id, e.tx_id::text, e.event_id, e.topic, e.message_type, e.key, e.occurred_at, e.payload
       FROM gateway.event_feed e
       WHERE (e.tx_id, e.id) > ($1::xid8, $2::bigint)
         AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
         AND e.topic = ANY($4::varchar(200)[])
         ${filter}
       ORDER BY e.tx_id, e.id
       LIMIT $3`,
      params,
    );
    const events = rows.slice(0, limit).map(toStreamedEvent);
    const last = rows.slice(0, limit).at(-1);
    return {
      events,
      nextCursor: eventCursorOf(last ? { txId: last.tx_id, id: last.id } : after),
      hasMore: rows.length > limit,
    };
  }

  /** The position after every event visible now: where a reader that wants only new events starts. */
  async end(): Promise<FeedPosition> {
    const [row]: { tx_id: string; id: string }[] = await this.dataSource.query(
      `SELECT tx_id::text, id FROM gateway.event_feed
       WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY tx_id DESC, id DESC LIMIT 1`,
    );
    return row ? { txId: row.tx_id, id: String(row.id) } : FEED_START;
  }
}
