import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  ClearanceStatusChanged,
  type DocumentAccepted,
  EnterpriseChanged,
  type ExportDeparture,
  type ExportInventory,
  type ExportOrder,
  type ExportReceipt,
  type ExportRefund,
  type ImportInventory,
  type ImportPayment,
  type ImportRefund,
  MessageEnvelope,
  Topics,
} from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { IndividualSellers } from '../personal/individual-sellers';
import { RecordDocuments } from './record-documents.usecase';

type Accepted<T extends object> = MessageEnvelope<DocumentAccepted<T>>;

/**
 * Departures and clearance events touch the records of many orders (keys on other partitions): one lock group,
 * so two chunks never lock transaction rows in opposite orders.
 */
const RECORDS = 'fx-records';

@Controller()
export class DocumentsConsumer {
  constructor(
    private readonly record: RecordDocuments,
    private readonly sellers: IndividualSellers,
  ) {}

  @ConsumeTopic(Topics.ExportOrderAccepted, { exclusive: RECORDS })
  onExportOrder(e: Accepted<ExportOrder>, m: EntityManager): Promise<void> {
    return this.record.exportOrder(e, m);
  }

  @ConsumeTopic(Topics.ExportReceiptAccepted, { exclusive: RECORDS })
  onExportReceipt(e: Accepted<ExportReceipt>, m: EntityManager): Promise<void> {
    return this.record.exportReceipt(e, m);
  }

  @ConsumeTopic(Topics.ExportInventoryAccepted, { exclusive: RECORDS })
  onExportList(e: Accepted<ExportInventory>, m: EntityManager): Promise<void> {
    return this.record.exportList(e, m);
  }

  @ConsumeTopic(Topics.ExportDepartureAccepted, { exclusive: RECORDS })
  onExportDeparture(e: Accepted<ExportDeparture>, m: EntityManager): Promise<void> {
    return this.record.exportDeparture(e, m);
  }

  @ConsumeTopic(Topics.ExportRefundAccepted, { exclusive: RECORDS })
  onExportReturn(e: Accepted<ExportRefund>, m: EntityManager): Promise<void> {
    return this.record.exportReturn(e, m);
  }

  @ConsumeTopic(Topics.ImportPaymentAccepted, { exclusive: RECORDS })
  onImportPayment(e: Accepted<ImportPayment>, m: EntityManager): Promise<void> {
    return this.record.importPayment(e, m);
  }

  @ConsumeTopic(Topics.ImportInventoryAccepted, { exclusive: RECORDS })
  onImportList(e: Accepted<ImportInventory>, m: EntityManager): Promise<void> {
    return this.record.importList(e, m);
  }

  @ConsumeTopic(Topics.ImportRefundAccepted, { exclusive: RECORDS })
  onImportReturn(e: Accepted<ImportRefund>, m: EntityManager): Promise<void> {
    return this.record.importReturn(e, m);
  }

  @ConsumeTopic(Topics.ClearanceStatusChanged, { exclusive: RECORDS })
  onClearance(e: MessageEnvelope<ClearanceStatusChanged>, m: EntityManager): Promise<void> {
    return this.record.clearance(e, m);
  }

  @ConsumeTopic(Topics.EnterpriseChanged)
  onEnterprise(e: MessageEnvelope<EnterpriseChanged>, m: EntityManager): Promise<void> {
    return this.sellers.onEnterpriseChanged(e.payload, m);
  }
}
