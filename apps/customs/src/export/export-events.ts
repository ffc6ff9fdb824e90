import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  ClearanceEvent,
  ClearanceStatusChanged,
  createEnvelope,
  ExportSummaryResult,
  MatchResultDecided,
  orderKey,
  type TopicDefinition,
  Topics,
} from '@swx/contracts';
import { OutboxService } from '@swx/messaging';

import type { RuleFailureEntry } from './export-rules';

interface Trace {
  correlationId: string;
  causationId: string;
}

export interface ClearanceChange {
  event: ClearanceEvent;
  listMessageId: string;
  listIdentity: string;
  orderNo: string;
  returnStatus: string;
  previousStatus?: string;
  returnInfo: string;
}

/** The export flow's events for regulators, written to the outbox in the caller's transaction. */
@Injectable()
export class ExportEvents {
  constructor(private readonly outbox: OutboxService) {}

  async matchResult(
    manager: EntityManager,
    trace: Trace,
    input: {
      caseKey: string;
      orderNo: string;
      outcome: 'passed' | 'failed';
      failures: RuleFailureEntry[];
      documents: Record<string, string>;
    },
  ): Promise<void> {
    const payload: MatchResultDecided = {
      caseKey: input.caseKey,
      flow: 'export',
      outcome: input.outcome,
      failures: input.failures,
      documents: input.documents,
      decidedAt: new Date().toISOString(),
    };
    await this.publish(manager, Topics.MatchResultDecided, orderKey(input.orderNo), trace, payload);
  }

  async clearance(manager: EntityManager, trace: Trace, change: ClearanceChange): Promise<void> {
    const payload: ClearanceStatusChanged = {
      event: change.event,
      flow: 'export',
      listMessageId: change.listMessageId,
      listIdentity: change.listIdentity,
      orderNo: change.orderNo,
      returnStatus: change.returnStatus,
      ...(change.previousStatus ? { previousStatus: change.previousStatus } : {}),
      returnInfo: change.returnInfo.slice(0, 2000),
      occurredAt: new Date().toISOString(),
    };
    await this.publish(manager, Topics.ClearanceStatusChanged, orderKey(change.orderNo), trace, payload);
  }

  async summary(
    manager: EntityManager,
    trace: Trace,
    key: string,
    result: ExportSummaryResult,
  ): Promise<void> {
    await this.publish(manager, Topics.ExportSummaryDecided, key, trace, result);
  }

  private async publish(
    manager: EntityManager,
    topic: TopicDefinition,
    key: string,
    trace: Trace,
    payload: object,
  ): Promise<void> {
    await this.outbox.enqueue(
      manager,
      topic.name,
      createEnvelope({
        type: topic.messageType,
        version: topic.version,
        producer: 'customs',
        key,
        correlationId: trace.correlationId,
        causationId: trace.causationId,
        payload,
      }),
    );
  }
}
