import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  type ClearanceStatusChanged,
  type DocumentAccepted,
  type EnterpriseChanged,
  type ExportInventory,
  type ExportOrder,
  type ExportReceipt,
  type ExportWaybill,
  type ExportSummaryResult,
  type ForexExchangeRatesPublished,
  type ImportInventory,
  type MessageEnvelope,
  Topics,
} from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { RecordB2bDocuments } from '../b2b/record-b2b.usecase';
import { RecordVolumes } from './record-volumes.usecase';

/**
 * A list's events come on several topics with different keys (the list by order, a summary by request, rates by
 * day): every handler settles rows shared across keys, so they run as one lock group, one chunk at a time across
 * instances. The rebuild takes the same lock.
 */
export const STATISTICS_STATE = 'statistics-state';

@Controller()
export class VolumesConsumer {
  constructor(
    private readonly record: RecordVolumes,
    private readonly b2b: RecordB2bDocuments,
  ) {}

  @ConsumeTopic(Topics.ImportInventoryAccepted, { exclusive: STATISTICS_STATE })
  onImportList(
    envelope: MessageEnvelope<DocumentAccepted<ImportInventory>>,
    m: EntityManager,
  ): Promise<void> {
    return this.record.importList(envelope, m);
  }

  @ConsumeTopic(Topics.ExportInventoryAccepted, { exclusive: STATISTICS_STATE })
  onExportList(
    envelope: MessageEnvelope<DocumentAccepted<ExportInventory>>,
    m: EntityManager,
  ): Promise<void> {
    return this.record.exportList(envelope, m);
  }

  @ConsumeTopic(Topics.ClearanceStatusChanged, { exclusive: STATISTICS_STATE })
  onClearance(envelope: MessageEnvelope<ClearanceStatusChanged>, m: EntityManager): Promise<void> {
    return this.record.clearance(envelope, m);
  }

  @ConsumeTopic(Topics.ExportSummaryDecided, { exclusive: STATISTICS_STATE })
  onSummary(envelope: MessageEnvelope<ExportSummaryResult>, m: EntityManager): Promise<void> {
    return this.record.summary(envelope, m);
  }

  @ConsumeTopic(Topics.ForexExchangeRatesPublished, { exclusive: STATISTICS_STATE })
  onRates(envelope: MessageEnvelope<ForexExchangeRatesPublished>, m: EntityManager): Promise<void> {
    return this.record.rates(envelope, m);
  }

  @ConsumeTopic(Topics.EnterpriseChanged, { exclusive: STATISTICS_STATE })
  onEnterprise(envelope: MessageEnvelope<EnterpriseChanged>, m: EntityManager): Promise<void> {
    return this.record.enterprise(envelope, m);
  }

  @ConsumeTopic(Topics.ExportOrderAccepted, { exclusive: STATISTICS_STATE })
  onExportOrder(envelope: MessageEnvelope<DocumentAccepted<ExportOrder>>, m: EntityManager): Promise<void> {
    return this.b2b.order(envelope, m);
  }

  @ConsumeTopic(Topics.ExportReceiptAccepted, { exclusive: STATISTICS_STATE })
  onExportReceipt(
    envelope: MessageEnvelope<DocumentAccepted<ExportReceipt>>,
    m: EntityManager,
  ): Promise<void> {
    return this.b2b.receipt(envelope, m);
  }

  @ConsumeTopic(Topics.ExportWaybillAccepted, { exclusive: STATISTICS_STATE })
  onExportWaybill(
    envelope: MessageEnvelope<DocumentAccepted<ExportWaybill>>,
    m: EntityManager,
  ): Promise<void> {
    return this.b2b.waybill(envelope, m);
  }
}
