import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  ClearanceStatusChanged,
  EnterpriseChanged,
  ForexVerificationAnomaly,
  LogisticsAnomaly,
  MatchResultDecided,
  MessageEnvelope,
  RiskCaseConcluded,
  TaxAssessmentCompleted,
  TaxBillIssued,
  TaxBillStatusChanged,
  Topics,
} from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { DueScheduler } from '../rating/due-scheduler';
import { ScoringModelRef } from '../rating/scoring-model.provider';
import { ApplyFactChanges } from './apply-fact-changes.usecase';
import {
  anomalyFacts,
  clearanceFacts,
  ebcOf,
  matchFacts,
  registryFacts,
  riskFacts,
  shortfallFacts,
} from './event-facts';
import { FactStore } from './fact-store';
import { TaxFacts } from './tax-facts.usecase';

const AFTER_COMMIT = { afterCommit: (self: FactEventsConsumer) => self.scheduler.flush() };

/** The other services' outcomes, as facts of the archive (event-facts.ts says what each means). */
@Controller()
export class FactEventsConsumer {
  constructor(
    private readonly apply: ApplyFactChanges,
    private readonly modelRef: ScoringModelRef,
    private readonly facts: FactStore,
    private readonly taxFacts: TaxFacts,
    readonly scheduler: DueScheduler,
  ) {}

  private get model() {
    return this.modelRef.model;
  }

  @ConsumeTopic(Topics.MatchResultDecided, AFTER_COMMIT)
  onMatch(envelope: MessageEnvelope<MatchResultDecided>, manager: EntityManager): Promise<void> {
    return this.apply.execute(manager, matchFacts(this.model, envelope.payload), envelope);
  }

  @ConsumeTopic(Topics.ClearanceStatusChanged, AFTER_COMMIT)
  async onClearance(
    envelope: MessageEnvelope<ClearanceStatusChanged>,
    manager: EntityManager,
  ): Promise<void> {
    const c = envelope.payload;
    // A refused import list names the enterprise of the order whose match result named only the order number.
    const ebc = ebcOf(c);
    const attributed =
      c.event === 'refused' && c.flow === 'import' && c.orderNo && ebc
        ? await this.facts.attribute(manager, c.orderNo, ebc)
        : [];
    await this.apply.execute(manager, clearanceFacts(this.model, c), envelope, attributed);
  }

  @ConsumeTopic(Topics.ForexVerificationAnomaly, AFTER_COMMIT)
  onForex(envelope: MessageEnvelope<ForexVerificationAnomaly>, manager: EntityManager): Promise<void> {
    return this.apply.execute(manager, anomalyFacts(this.model, 'forex', envelope.payload), envelope);
  }

  @ConsumeTopic(Topics.LogisticsAnomalyReported, AFTER_COMMIT)
  onLogistics(envelope: MessageEnvelope<LogisticsAnomaly>, manager: EntityManager): Promise<void> {
    return this.apply.execute(manager, anomalyFacts(this.model, 'logistics', envelope.payload), envelope);
  }

  @ConsumeTopic(Topics.RiskCaseConcluded, AFTER_COMMIT)
  onRiskCase(envelope: MessageEnvelope<RiskCaseConcluded>, manager: EntityManager): Promise<void> {
    return this.apply.execute(manager, riskFacts(this.model, envelope.payload), envelope);
  }

  @ConsumeTopic(Topics.EnterpriseChanged, AFTER_COMMIT)
  async onEnterprise(envelope: MessageEnvelope<EnterpriseChanged>, manager: EntityManager): Promise<void> {
    const e = envelope.payload;
    const [newer]: unknown[] = await manager.query(
      `INSERT INTO "credit"."subject" (code, kind, name, registry_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
         registry_version = EXCLUDED.registry_version, updated_at = now()
       WHERE "subject".registry_version < EXCLUDED.registry_version
       RETURNING code`,
      [e.customsCode, e.kind, e.name, e.version],
    );
    if (newer) await this.apply.execute(manager, registryFacts(this.model, e), envelope);
  }

  @ConsumeTopic(Topics.TaxAssessmentCompleted, AFTER_COMMIT)
  onAssessment(envelope: MessageEnvelope<TaxAssessmentCompleted>, manager: EntityManager): Promise<void> {
    return this.apply.execute(
      manager,
      shortfallFacts(this.model, envelope.payload, envelope.occurredAt),
      envelope,
    );
  }

  @ConsumeTopic(Topics.TaxBillIssued, AFTER_COMMIT)
  async onTaxBill(envelope: MessageEnvelope<TaxBillIssued>, manager: EntityManager): Promise<void> {
    this.scheduler.consider(await this.taxFacts.issued(manager, envelope));
  }

  @ConsumeTopic(Topics.TaxBillStatusChanged, AFTER_COMMIT)
  async onTaxBillStatus(
    envelope: MessageEnvelope<TaxBillStatusChanged>,
    manager: EntityManager,
  ): Promise<void> {
    this.scheduler.consider(await this.taxFacts.statusChanged(manager, envelope));
  }
}
