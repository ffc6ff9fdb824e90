import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { ClearanceStatusChanged, TaxAssessmentRequested, Topics } from '@swx/contracts';
import { MessageConsumerService, OutboxService } from '@swx/messaging';

import { AssessmentService } from './assessment.service';

@Controller()
export class TaxEventsConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly assessments: AssessmentService,
    private readonly outbox: OutboxService,
  ) {}

  @EventPattern(Topics.TaxAssessmentRequested.name)
  async onAssessmentRequested(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(context, TaxAssessmentRequested, (envelope, manager) =>
      this.assessments.onRequest(envelope, manager),
    );
    this.outbox.committed();
  }

  @EventPattern(Topics.ClearanceStatusChanged.name)
  async onClearanceStatusChanged(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(context, ClearanceStatusChanged, (envelope, manager) =>
      this.assessments.onClearance(envelope, manager),
    );
    this.outbox.committed();
  }
}
