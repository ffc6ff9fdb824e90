import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Principal } from '../auth/principal';
import { readableTypes } from '../intake/message-access';
import { decodeFeedCursor, encodeFeedCursor, FEED_START, FeedPosition } from './feed-cursor';
import { RECEIPT_COLUMNS, ReceiptRow } from './receipt.dto';

/** Whose receipts a caller may read: a regulator reads every sender's, an enterprise only its own. */
export type ReceiptAudience =
  { kind: 'all' } | { kind: 'sender'; senderCode: string } | { kind: 'types'; documentTypes: string[] };

/** List types whose receipts the order's platform (ebp) reads too: its order's outcome (release, refusal). */
export const LIST_OUTCOME_TYPES = ['CEB621', 'CEB603'];
/** The same, as SQL literals (constants of this file, never input). */
export const LIST_OUTCOME_SQL = LIST_OUTCOME_TYPES.map((t) => `'${t}'`).join(', ');

/** Who sees which receipts: the sender of the document, or a regulator within its agency's document types. */
export function receiptAudienceOf(principal: Principal): ReceiptAudience {
  const readable = readableTypes(principal);
  if (readable === 'all') return { kind: 'all' };
  if (readable === 'own') return { kind: 'sender', senderCode: principal.enterpriseCode! };
  if (readable !== 'none') return { kind: 'types', documentTypes: readable };
  throw new ForbiddenException(
    'Receipts are read by the enterprise that sent the documents, or by regulators',
  );
}

export interface MessageReceipts {
  messageId: string;
  documentType: string;
  receipts: ReceiptRow[];
}

export interface FeedPage {
  receipts: ReceiptRow[];
  nextCursor: string;
  hasMore: boolean;
}

@Injectable()
export class ReceiptQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The receipts of one message in the order recorded; undefined when the caller may not see the message. */
  async forMessage(messageId: string, audience: ReceiptAudience): Promise<MessageReceipts | undefined> {
    const [message]: {
      id: string;
      document_type: string;
      sender_code: string;
      transmitter_code: string | null;
    }[] = await this.dataSource.query(
      'SELECT id, document_type, sender_code, transmitter_code FROM gateway.message_log WHERE id = $1',
      [messageId],
    );
    // The party of the document and the enterprise that transmitted it for the party both read its receipts.
    if (
      audience.kind === 'sender' &&
      message?.sender_code !== audience.senderCode &&
      message?.transmitter_code !== audience.senderCode
    ) {
      return undefined;
    }
    if (audience.kind === 'types' && !(message && audience.documentTypes.includes(message.document_type))) {
      return undefined;
    }
    const receipts: ReceiptRow[] = await this.dataSource.query(
      `SELECT ${RECEIPT_COLUMNS} FROM gateway.receipt r WHERE r.message_id = $1 ORDER BY r.id`,
      [messageId],
    );
    if (!message && receipts.length === 0) return undefined;
    return { messageId, documentType: message?.document_type ?? receipts[0].document_type, receipts };
  }

  /**
   * A page of the feed after `cursor`, ordered by (recording transaction, id). Only receipts of transactions older
   * than every transaction still running are shown: a receipt committed later can then never sort before a
   * cursor already handed out, so a reader that follows `nextCursor` sees every receipt exactly once.
   */
  async feed(audience: ReceiptAudience, cursor: string | undefined, limit: number): Promise<FeedPage> {
    const after: FeedPosition = cursor ? decodeFeedCursor(cursor) : FEED_START;
    const params: unknown[] = [after.txId, after.id, limit + 1];
    let senderFilter = '';
    if (audience.kind === 'sender') {
      params.push(audience.senderCode);
      // The sender's receipts, and the outcomes of the lists of the orders it declared as platform (the list
      // types as constants, so the partial index on ebp_code serves them).
      senderFilter = `AND (r.sender_code = $4 OR (r.ebp_code = $4 AND r.document_type IN (${LIST_OUTCOME_SQL})))`;
    } else if (audience.kind === 'types') {
      params.push(audience.documentTypes);
      senderFilter = 'AND r.document_type = ANY($4)';
    }
    const rows: ReceiptRow[] = await this.dataSource.query(
      `SELECT ${RECEIPT_COLUMNS} FROM gateway.receipt r
       WHERE (r.tx_id, r.id) > ($1::xid8, $2::bigint)
         AND r.tx_id < pg_snapshot_xmin(pg_current_snapshot())
         ${senderFilter}
       ORDER BY r.tx_id, r.id
       LIMIT $3`,
      params,
    );
    const receipts = rows.slice(0, limit);
    const last = receipts.at(-1);
    return {
      receipts,
      nextCursor: encodeFeedCursor(last ? { txId: last.tx_id, id: last.id } : after),
      hasMore: rows.length > limit,
    };
  }
}
