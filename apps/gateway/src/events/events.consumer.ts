import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { MessageEnvelope, TopicDefinition } from '@swx/contracts';
import { ConsumeTopicBatch } from '@swx/messaging';

import { FED_BY_EVENTS_CONSUMER } from './event-audience';
import { EventFeed } from './event-feed';
import { EventNotifier } from './event-notifier';

/**
 * Keeps every external topic's messages in the event feed (the receipt topic's come from the receipts
 * consumer). One batch handler per topic, made from the catalogue, so a new external topic is in the feed
 * without touching this class.
 */
@Controller()
export class EventsConsumer {
  constructor(
    readonly feed: EventFeed,
    readonly notifier: EventNotifier,
  ) {}
}

const handlerName = (topic: TopicDefinition): string => `on${topic.messageType}`;

for (const topic of FED_BY_EVENTS_CONSUMER()) {
  const name = handlerName(topic);
  const descriptor = {
    value: function (this: EventsConsumer, envelopes: MessageEnvelope<object>[], manager: EntityManager) {
      return this.feed.record(topic, envelopes, manager);
    },
    writable: true,
    configurable: true,
  };
  Object.defineProperty(EventsConsumer.prototype, name, descriptor);
  ConsumeTopicBatch(topic, { afterCommit: (self: EventsConsumer) => self.notifier.notify() })(
    EventsConsumer.prototype,
    name,
    descriptor,
  );
}
