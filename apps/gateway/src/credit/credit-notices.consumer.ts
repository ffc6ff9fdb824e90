import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  cebReturnTime,
  CreditListEntryChanged,
  CreditRatingChanged,
  MessageEnvelope,
  Topics,
} from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { EventFeed } from '../events/event-feed';
import { EventNotifier } from '../events/event-notifier';
import { recordNotice } from '../receipts/notices';
import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';

/** `documentType` of credit notices in the receipt feed (they answer no document). */
export const CREDIT_NOTICE_TYPE = 'CREDIT';

const LIST_NAMES = {
  blacklist: '黑名单 blacklist',
  whitelist: '白名单 whitelist',
  abnormal: '经营异常名录 abnormal-operation list',
};
const LIST_STATUS = { blacklist: 'BL', whitelist: 'WL', abnormal: 'AB' };

interface Notice {
  eventId: string;
  enterpriseCode: string;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
}

/**
 * Credit decisions about an enterprise (a grade change, entering or leaving a list) reach it like receipts: in
 * its receipt feed and through its webhooks, with the reason and the way to appeal. `documentType` is `CREDIT`,
 * `messageId` the event's id, `returnStatus` the new grade (`A`–`D`) or the list and direction (`BL+` entered
 * the blacklist, `BL-` left it; `WL`, `AB` likewise). The blacklist is also kept for the intake's access check.
 */
@Controller()
export class CreditNoticesConsumer {
  constructor(
    private readonly deliveryWorker: WebhookDeliveryWorker,
    private readonly eventFeed: EventFeed,
    private readonly eventNotifier: EventNotifier,
  ) {}

  /** After commit: pushes of receipts (the notice) and of events (the feed) go out at once. */
  private wake(): void {
    this.deliveryWorker.wake();
    this.eventNotifier.notify();
  }

  @ConsumeTopic(Topics.CreditRatingChanged, {
    afterCommit: (self: CreditNoticesConsumer) => self.wake(),
  })
  async onRating(envelope: MessageEnvelope<CreditRatingChanged>, manager: EntityManager): Promise<void> {
    const r = envelope.payload;
    // An external topic: regulators follow it in the event feed too (GET /v1/events).
    await this.eventFeed.record(Topics.CreditRatingChanged, [envelope], manager);
    // The same level with other lists (a D enterprise blacklisted): the list notice tells it.
    if (r.previousLevel === r.level) return;
    await this.record(manager, {
      eventId: envelope.id,
      enterpriseCode: r.enterpriseCode,
      returnStatus: r.level,
      returnTime: cebReturnTime(new Date(r.ratedAt)),
      returnInfo:
        `[Code:CR01;Desc:信用等级 credit grade ${r.previousLevel ?? '?'} → ${r.level}]` +
        `${r.reason ? ` ${r.reason}` : ''}${r.appeal ? ` ${r.appeal}` : ''}`,
    });
  }

  @ConsumeTopic(Topics.CreditListEntryChanged, {
    afterCommit: (self: CreditNoticesConsumer) => self.wake(),
  })
  async onListEntry(
    envelope: MessageEnvelope<CreditListEntryChanged>,
    manager: EntityManager,
  ): Promise<void> {
    const e = envelope.payload;
    await this.eventFeed.record(Topics.CreditListEntryChanged, [envelope], manager);
    await manager.query(
      `INSERT INTO gateway.credit_listing (entry_id, enterprise_code, list, status, reason, appeal, start_at, end_at, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (entry_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, appeal = EXCLUDED.appeal,
         start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, changed_at = EXCLUDED.changed_at
       WHERE credit_listing.changed_at < EXCLUDED.changed_at`,
      [
        e.entryId,
        e.enterpriseCode,
        e.list,
        e.status,
        e.reason,
        e.appeal,
        e.startAt,
        e.endAt ?? null,
        e.changedAt,
      ],
    );
    const entered = e.status === 'active';
    await this.record(manager, {
      eventId: envelope.id,
      enterpriseCode: e.enterpriseCode,
      returnStatus: `${LIST_STATUS[e.list]}${entered ? '+' : '-'}`,
      returnTime: cebReturnTime(new Date(e.changedAt)),
      returnInfo:
        `[Code:CR02;Desc:${entered ? '列入' : '移出'} ${LIST_NAMES[e.list]} (${e.basis === 'rule' ? 'by rule' : 'by decision'}, ${e.status})]` +
        ` ${e.reason}${e.endAt ? ` (until ${e.endAt})` : ''}. ${e.appeal}`,
    });
  }

  /** The notice as a receipt of the enterprise, with its webhook deliveries, in the consumer's transaction. */
  private record(manager: EntityManager, n: Notice): Promise<void> {
    return recordNotice(manager, { ...n, documentType: CREDIT_NOTICE_TYPE, issuedBy: 'credit' });
  }
}
