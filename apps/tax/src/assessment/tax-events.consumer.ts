import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ClearanceStatusChanged, MessageEnvelope, TaxAssessmentRequested, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { AssessmentService } from './assessment.service';

@Controller()
export class TaxEventsConsumer {
  constructor(private readonly assessments: AssessmentService) {}

  @ConsumeTopic(Topics.TaxAssessmentRequested)
  onAssessmentRequested(
    envelope: MessageEnvelope<TaxAssessmentRequested>,
    manager: EntityManager,
  ): Promise<void> {
    return this.assessments.onRequest(envelope, manager);
  }

  @ConsumeTopic(Topics.ClearanceStatusChanged)
  onClearanceStatusChanged(
    envelope: MessageEnvelope<ClearanceStatusChanged>,
    manager: EntityManager,
  ): Promise<void> {
    return this.assessments.onClearance(envelope, manager);
  }
}
