import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { MessageEnvelope, type PayloadOf, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { ExportCases } from './export-cases.usecase';
import { ExportLogisticsProgress } from './export-logistics-progress';
import { ExportReturns } from './export-returns.usecase';
import { ExportSummaries } from './export-summary.usecase';

type Accepted<T> = MessageEnvelope<PayloadOf<T>>;

/** The export documents the gateway accepted (清单核放、汇总申报, 撤销、退货、退运理货). */
@Controller()
export class ExportConsumer {
  constructor(
    private readonly cases: ExportCases,
    private readonly progress: ExportLogisticsProgress,
    private readonly summaries: ExportSummaries,
    private readonly returns: ExportReturns,
  ) {}

  @ConsumeTopic(Topics.ExportOrderAccepted)
  onOrder(envelope: Accepted<typeof Topics.ExportOrderAccepted>, manager: EntityManager) {
    return this.cases.onOrder(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportReceiptAccepted)
  onReceipt(envelope: Accepted<typeof Topics.ExportReceiptAccepted>, manager: EntityManager) {
    return this.cases.onReceipt(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportWaybillAccepted)
  onWaybill(envelope: Accepted<typeof Topics.ExportWaybillAccepted>, manager: EntityManager) {
    return this.cases.onWaybill(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportInventoryAccepted)
  onList(envelope: Accepted<typeof Topics.ExportInventoryAccepted>, manager: EntityManager) {
    return this.cases.onList(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportArrivalAccepted)
  onArrival(envelope: Accepted<typeof Topics.ExportArrivalAccepted>, manager: EntityManager) {
    return this.progress.onArrival(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportDepartureAccepted)
  onDeparture(envelope: Accepted<typeof Topics.ExportDepartureAccepted>, manager: EntityManager) {
    return this.progress.onDeparture(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportSummaryRequestAccepted)
  onSummaryRequest(envelope: Accepted<typeof Topics.ExportSummaryRequestAccepted>, manager: EntityManager) {
    return this.summaries.onRequest(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportInventoryCancelAccepted)
  onCancel(envelope: Accepted<typeof Topics.ExportInventoryCancelAccepted>, manager: EntityManager) {
    return this.returns.onCancel(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportRefundAccepted)
  onRefund(envelope: Accepted<typeof Topics.ExportRefundAccepted>, manager: EntityManager) {
    return this.returns.onRefund(envelope, manager);
  }

  @ConsumeTopic(Topics.ExportRefundTallyAccepted)
  onTally(envelope: Accepted<typeof Topics.ExportRefundTallyAccepted>, manager: EntityManager) {
    return this.returns.onTally(envelope, manager);
  }
}
