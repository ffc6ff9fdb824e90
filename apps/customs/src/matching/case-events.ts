import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  type ClearanceStatusChanged,
  createEnvelope,
  type MatchResultDecided,
  type TaxAssessmentRequested,
  type TopicDefinition,
  Topics,
} from '@swx/contracts';
import { OutboxService } from '@swx/messaging';

import { ReceiptIssuer, type ReceiptInput } from '../shared/receipt-issuer';

export interface Causation {
  correlationId: string;
  causationId?: string;
}

/** Receipts and events of the matching and clearance flow, all through the outbox of the caller's transaction. */
@Injectable()
export class CaseEvents {
  constructor(
    private readonly receipts: ReceiptIssuer,
    private readonly outbox: OutboxService,
  ) {}

  receipt(manager: EntityManager, input: ReceiptInput): Promise<void> {
    return this.receipts.issue(manager, input);
  }

  matchResult(manager: EntityManager, key: string, payload: MatchResultDecided, cause: Causation) {
    return this.publish(manager, Topics.MatchResultDecided, key, payload, cause);
  }

  clearance(manager: EntityManager, key: string, payload: ClearanceStatusChanged, cause: Causation) {
    return this.publish(manager, Topics.ClearanceStatusChanged, key, payload, cause);
  }

  taxRequest(manager: EntityManager, key: string, payload: TaxAssessmentRequested, cause: Causation) {
    return this.publish(manager, Topics.TaxAssessmentRequested, key, payload, cause);
  }

  private publish(
    manager: EntityManager,
    topic: TopicDefinition,
    key: string,
    payload: object,
    cause: Causation,
  ): Promise<void> {
    return this.outbox.enqueue(
      manager,
      topic.name,
      createEnvelope({
        type: topic.messageType,
        version: topic.version,
        producer: 'customs',
        key,
        correlationId: cause.correlationId,
        causationId: cause.causationId,
        payload,
      }),
    );
  }
}
