import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

import { CreditRatingChanged, TaxAssessmentCompleted, Topics } from '@swx/contracts';
import { MessageConsumerService, OutboxService } from '@swx/messaging';

import { CustomsEnv } from '../customs.env';
import { CaseStore } from '../matching/case-store';
import { inspectionRatesOf } from './inspection-rates';

@Controller()
export class ClearanceConsumer {
  constructor(
    private readonly consumer: MessageConsumerService,
    private readonly outbox: OutboxService,
    private readonly cases: CaseStore,
    private readonly env: CustomsEnv,
  ) {}

  @EventPattern(Topics.TaxAssessmentCompleted.name)
  async onAssessment(@Ctx() context: KafkaContext): Promise<void> {
    const outcome = await this.consumer.consume(
      context,
      TaxAssessmentCompleted,
      async (envelope, manager) => {
        await this.cases.applyAssessment(
          manager,
          envelope.payload,
          { correlationId: envelope.correlationId, causationId: envelope.id },
          inspectionRatesOf(this.env),
        );
      },
    );
    if (outcome === 'processed') this.outbox.committed();
  }

  /** Keeps the newest rating of each enterprise (ratings may be replayed or arrive out of order). */
  @EventPattern(Topics.CreditRatingChanged.name)
  async onRating(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(context, CreditRatingChanged, async (envelope, manager) => {
      const r = envelope.payload;
      await manager.query(
        `INSERT INTO "customs"."credit_rating" (enterprise_code, level, rated_at) VALUES ($1, $2, $3)
         ON CONFLICT (enterprise_code) DO UPDATE SET level = EXCLUDED.level, rated_at = EXCLUDED.rated_at
         WHERE "credit_rating".rated_at < EXCLUDED.rated_at`,
        [r.enterpriseCode, r.level, r.ratedAt],
      );
    });
  }
}
