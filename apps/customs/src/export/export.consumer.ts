import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import {
  documentAcceptedClass,
  ExportArrival,
  ExportDeparture,
  ExportInventory,
  ExportOrder,
  ExportReceipt,
  ExportSummaryRequest,
  ExportWaybill,
  Topics,
} from '@swx/contracts';
import { ConsumeOutcome, MessageConsumerService, OutboxService } from '@swx/messaging';

import { ExportCases } from './export-cases.usecase';
import { ExportLogisticsProgress } from './export-logistics-progress';
import { ExportSummaries } from './export-summary.usecase';

const ExportOrderAccepted = documentAcceptedClass(ExportOrder);
const ExportReceiptAccepted = documentAcceptedClass(ExportReceipt);
const ExportWaybillAccepted = documentAcceptedClass(ExportWaybill);
const ExportInventoryAccepted = documentAcceptedClass(ExportInventory);
const ExportArrivalAccepted = documentAcceptedClass(ExportArrival);
const ExportDepartureAccepted = documentAcceptedClass(ExportDeparture);
const ExportSummaryRequestAccepted = documentAcceptedClass(ExportSummaryRequest);

/** The export documents the gateway accepted (清单核放、汇总申报). */
@Controller()
export class ExportConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly outbox: OutboxService,
    private readonly cases: ExportCases,
    private readonly progress: ExportLogisticsProgress,
    private readonly summaries: ExportSummaries,
  ) {}

  @EventPattern(Topics.ExportOrderAccepted.name)
  async onOrder(@Ctx() context: KafkaContext): Promise<void> {
    this.published(
      await this.consumer.consume(context, ExportOrderAccepted, (e, m) => this.cases.onOrder(e, m)),
    );
  }

  @EventPattern(Topics.ExportReceiptAccepted.name)
  async onReceipt(@Ctx() context: KafkaContext): Promise<void> {
    this.published(
      await this.consumer.consume(context, ExportReceiptAccepted, (e, m) => this.cases.onReceipt(e, m)),
    );
  }

  @EventPattern(Topics.ExportWaybillAccepted.name)
  async onWaybill(@Ctx() context: KafkaContext): Promise<void> {
    this.published(
      await this.consumer.consume(context, ExportWaybillAccepted, (e, m) => this.cases.onWaybill(e, m)),
    );
  }

  @EventPattern(Topics.ExportInventoryAccepted.name)
  async onList(@Ctx() context: KafkaContext): Promise<void> {
    this.published(
      await this.consumer.consume(context, ExportInventoryAccepted, (e, m) => this.cases.onList(e, m)),
    );
  }

  @EventPattern(Topics.ExportArrivalAccepted.name)
  async onArrival(@Ctx() context: KafkaContext): Promise<void> {
    this.published(
      await this.consumer.consume(context, ExportArrivalAccepted, (e, m) => this.progress.onArrival(e, m)),
    );
  }

  @EventPattern(Topics.ExportDepartureAccepted.name)
  async onDeparture(@Ctx() context: KafkaContext): Promise<void> {
    this.published(
      await this.consumer.consume(context, ExportDepartureAccepted, (e, m) =>
        this.progress.onDeparture(e, m),
      ),
    );
  }

  @EventPattern(Topics.ExportSummaryRequestAccepted.name)
  async onSummaryRequest(@Ctx() context: KafkaContext): Promise<void> {
    this.published(
      await this.consumer.consume(context, ExportSummaryRequestAccepted, (e, m) =>
        this.summaries.onRequest(e, m),
      ),
    );
  }

  private published(outcome: ConsumeOutcome): void {
    if (outcome === 'processed') this.outbox.committed();
  }
}
