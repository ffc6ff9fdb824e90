import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { ImportOrderAccepted, Topics } from '@swx/contracts';
import { MessageConsumerService, OutboxService } from '@swx/messaging';

import { RecordDeclaredOrder } from './record-declared-order.usecase';

@Controller()
export class DocumentsConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly outbox: OutboxService,
    private readonly recordDeclaredOrder: RecordDeclaredOrder,
  ) {}

  @EventPattern(Topics.ImportOrderAccepted.name)
  async onImportOrder(@Ctx() context: KafkaContext): Promise<void> {
    const outcome = await this.consumer.consume(context, ImportOrderAccepted, (envelope, manager) =>
      this.recordDeclaredOrder.execute(envelope, manager),
    );
    if (outcome === 'processed') this.outbox.committed();
  }
}
