import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CreditRatingChanged, MessageEnvelope, TaxAssessmentCompleted, Topics } from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { CustomsEnv } from '../customs.env';
import { CaseStore } from '../matching/case-store';
import { inspectionRatesOf } from './inspection-rates';

@Controller()
export class ClearanceConsumer {
  constructor(
    private readonly cases: CaseStore,
    private readonly env: CustomsEnv,
  ) {}

  @ConsumeTopic(Topics.TaxAssessmentCompleted)
  async onAssessment(
    envelope: MessageEnvelope<TaxAssessmentCompleted>,
    manager: EntityManager,
  ): Promise<void> {
    await this.cases.applyAssessment(
      manager,
      envelope.payload,
      { correlationId: envelope.correlationId, causationId: envelope.id },
      inspectionRatesOf(this.env),
    );
  }

  /**
   * Keeps the newest rating of each enterprise (ratings may be replayed or arrive out of order), and whether it
   * is blacklisted: its lists are then inspected whatever the rate of its level.
   */
  @ConsumeTopic(Topics.CreditRatingChanged)
  async onRating(envelope: MessageEnvelope<CreditRatingChanged>, manager: EntityManager): Promise<void> {
    const r = envelope.payload;
    await manager.query(
      `INSERT INTO "customs"."credit_rating" (enterprise_code, level, rated_at, blacklisted) VALUES ($1, $2, $3, $4)
       ON CONFLICT (enterprise_code) DO UPDATE SET level = EXCLUDED.level, rated_at = EXCLUDED.rated_at,
         blacklisted = EXCLUDED.blacklisted
       WHERE "credit_rating".rated_at < EXCLUDED.rated_at`,
      [r.enterpriseCode, r.level, r.ratedAt, r.lists?.includes('blacklist') ?? false],
    );
  }
}
