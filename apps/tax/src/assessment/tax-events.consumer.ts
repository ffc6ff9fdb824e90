import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ClearanceStatusChanged, MessageEnvelope, TaxAssessmentRequested, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { AssessmentService } from './assessment.service';

/**
 * Both topics lock a buyer's annual quota and a guarantor's account, rows shared by orders of every partition:
 * their chunks take one lock group so that two chunks never lock them in opposite orders.
 */
const QUOTA_AND_GUARANTEE = 'quota-and-guarantee';

@Controller()
export class TaxEventsConsumer {
  constructor(private readonly assessments: AssessmentService) {}

  @ConsumeTopic(Topics.TaxAssessmentRequested, { exclusive: QUOTA_AND_GUARANTEE })
  onAssessmentRequested(
    envelope: MessageEnvelope<TaxAssessmentRequested>,
    manager: EntityManager,
  ): Promise<void> {
    return this.assessments.onRequest(envelope, manager);
  }

  @ConsumeTopic(Topics.ClearanceStatusChanged, { exclusive: QUOTA_AND_GUARANTEE })
  onClearanceStatusChanged(
    envelope: MessageEnvelope<ClearanceStatusChanged>,
    manager: EntityManager,
  ): Promise<void> {
    return this.assessments.onClearance(envelope, manager);
  }
}
