import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { MessageEnvelope, type PayloadOf, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { LogisticsDeclarations } from './logistics-declarations.usecase';

type Accepted<T> = MessageEnvelope<PayloadOf<T>>;

/** The supervised site's arrival of import parcels (CEB711) and the export master bill (CEB607). */
@Controller()
export class LogisticsDeclarationsConsumer {
  constructor(private readonly declarations: LogisticsDeclarations) {}

  @ConsumeTopic(Topics.ImportDeliveryAccepted)
  onDelivery(envelope: Accepted<typeof Topics.ImportDeliveryAccepted>, manager: EntityManager) {
    return this.declarations.onDelivery(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportMasterBillAccepted)
  onMasterBill(envelope: Accepted<typeof Topics.ExportMasterBillAccepted>, manager: EntityManager) {
    return this.declarations.onMasterBill(envelope, manager);
  }
}
