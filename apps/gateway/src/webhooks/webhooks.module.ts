import { Module } from '@nestjs/common';

import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSubscriptions } from './webhook-subscriptions';
import { WebhooksController } from './webhooks.controller';

/** Receipts pushed to enterprises: subscriptions, the deliveries created with each receipt, and their worker. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhookSecrets, WebhookSubscriptions, WebhookDeliveryWorker],
  exports: [WebhookDeliveryWorker, WebhookSecrets],
})
export class WebhooksModule {}
