import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ImportOrderAccepted, MessageEnvelope, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { RecordWithheldTax } from './record-withheld-tax.usecase';

@Controller()
export class OrdersConsumer {
  constructor(private readonly recordWithheldTax: RecordWithheldTax) {}

  @ConsumeTopic(Topics.ImportOrderAccepted)
  onImportOrder(envelope: MessageEnvelope<ImportOrderAccepted>, manager: EntityManager): Promise<void> {
    return this.recordWithheldTax.execute(envelope, manager);
  }
}
