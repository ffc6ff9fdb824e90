import { Module } from '@nestjs/common';

import { WebhooksModule } from '../webhooks/webhooks.module';
import { EventFeed } from './event-feed';
import { EventNotifier } from './event-notifier';
import { EventPushWorker } from './event-push.worker';
import { EventQueries } from './event-queries';
import { EventSubscriptions } from './event-subscriptions';
import { EventsConsumer } from './events.consumer';
import { EventsController } from './events.controller';

/**
 * Event topics for regulators without Kafka: the feed of every external topic, a server-sent-events stream and
 * JSON pages over it (`GET /v1/events`), and push subscriptions (`/v1/event-subscriptions`).
 */
@Module({
  imports: [WebhooksModule],
  controllers: [EventsController, EventsConsumer],
  providers: [EventFeed, EventNotifier, EventQueries, EventSubscriptions, EventPushWorker],
  exports: [EventFeed, EventNotifier],
})
export class EventsModule {}
