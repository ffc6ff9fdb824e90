import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { CreditEnv } from './credit.env';
import { CreditDecisions } from './decisions/credit-decisions.usecase';
import { ApplyFactChanges } from './facts/apply-fact-changes.usecase';
import { FactEventsConsumer } from './facts/fact-events.consumer';
import { FactStore } from './facts/fact-store';
import { TaxFacts } from './facts/tax-facts.usecase';
import { CreditInternalController } from './internal/credit-internal.controller';
import { InternalCallGuard } from './internal/internal-call.guard';
import { CreditQueries } from './queries/credit-queries';
import { DueScheduler } from './rating/due-scheduler';
import { RateSubjects } from './rating/rate-subjects.usecase';
import { scoringModelProvider } from './rating/scoring-model.provider';

@Module({})
export class CreditModule {
  static forRoot(definition: ServiceDefinition<CreditEnv>): DynamicModule {
    return {
      module: CreditModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [FactEventsConsumer, CreditInternalController],
      providers: [
        scoringModelProvider,
        FactStore,
        RateSubjects,
        TaxFacts,
        DueScheduler,
        ApplyFactChanges,
        CreditDecisions,
        CreditQueries,
        InternalCallGuard,
      ],
    };
  }
}
