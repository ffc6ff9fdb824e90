import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { MessageEnvelope, type PayloadOf, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { RecordDocuments } from './record-documents.usecase';

type Of<T> = MessageEnvelope<PayloadOf<T>>;

/** The documents and customs events that put events on waybill timelines. */
@Controller()
export class DocumentsConsumer {
  constructor(private readonly record: RecordDocuments) {}

  @ConsumeTopic(Topics.ImportWaybillAccepted)
  onImportWaybill(envelope: Of<typeof Topics.ImportWaybillAccepted>, manager: EntityManager) {
    return this.record.importWaybill(envelope, manager);
  }

  @ConsumeTopic(Topics.ImportWaybillStatusAccepted)
  onImportWaybillStatus(envelope: Of<typeof Topics.ImportWaybillStatusAccepted>, manager: EntityManager) {
    return this.record.importWaybillStatus(envelope, manager);
  }

  @ConsumeTopic(Topics.ImportInventoryAccepted)
  onImportList(envelope: Of<typeof Topics.ImportInventoryAccepted>, manager: EntityManager) {
    return this.record.importList(envelope, manager);
  }

  @ConsumeTopic(Topics.ImportDeliveryAccepted)
  onDelivery(envelope: Of<typeof Topics.ImportDeliveryAccepted>, manager: EntityManager) {
    return this.record.delivery(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportWaybillAccepted)
  onExportWaybill(envelope: Of<typeof Topics.ExportWaybillAccepted>, manager: EntityManager) {
    return this.record.exportWaybill(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportInventoryAccepted)
  onExportList(envelope: Of<typeof Topics.ExportInventoryAccepted>, manager: EntityManager) {
    return this.record.exportList(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportArrivalAccepted)
  onArrival(envelope: Of<typeof Topics.ExportArrivalAccepted>, manager: EntityManager) {
    return this.record.arrival(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportDepartureAccepted)
  onDeparture(envelope: Of<typeof Topics.ExportDepartureAccepted>, manager: EntityManager) {
    return this.record.departure(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportMasterBillAccepted)
  onMasterBill(envelope: Of<typeof Topics.ExportMasterBillAccepted>, manager: EntityManager) {
    return this.record.masterBill(envelope, manager);
  }

  @ConsumeTopic(Topics.ClearanceStatusChanged)
  onClearance(envelope: Of<typeof Topics.ClearanceStatusChanged>, manager: EntityManager) {
    return this.record.clearance(envelope, manager);
  }
}
