import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { ImportOrderAccepted, Topics } from '@swx/contracts';
import { MessageConsumerService } from '@swx/messaging';

import { RecordWithheldTax } from './record-withheld-tax.usecase';

@Controller()
export class OrdersConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly recordWithheldTax: RecordWithheldTax,
  ) {}

  @EventPattern(Topics.ImportOrderAccepted.name)
  async onImportOrder(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(context, ImportOrderAccepted, (envelope, manager) =>
      this.recordWithheldTax.execute(envelope, manager),
    );
  }
}
