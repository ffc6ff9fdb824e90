import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { DocumentReceipt, Topics } from '@swx/contracts';
import { MessageConsumerService } from '@swx/messaging';

import { RecordReceipt } from './record-receipt.usecase';

@Controller()
export class ReceiptsConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly recordReceipt: RecordReceipt,
  ) {}

  @EventPattern(Topics.DocumentReceipt.name)
  async onReceipt(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(context, DocumentReceipt, (envelope, manager) =>
      this.recordReceipt.execute(envelope, manager),
    );
  }
}
