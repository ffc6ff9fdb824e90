import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { CaseRepository } from './cases/case-repository';
import { TakeCaseStep } from './cases/take-case-step.usecase';
import { CasesController } from './internal/cases.controller';
import { InternalCallGuard } from './internal/internal-call.guard';
import { ObservationsConsumer } from './observations/observations.consumer';
import { RecordObservations } from './observations/record-observations.usecase';
import { RiskEnv } from './risk.env';
import { RuleBook } from './rules/rule-book.provider';
import { WarningStore } from './warnings/warning-store';

@Module({})
export class RiskModule {
  static forRoot(definition: ServiceDefinition<RiskEnv>): DynamicModule {
    return {
      module: RiskModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [ObservationsConsumer, CasesController],
      providers: [
        { provide: RuleBook, useFactory: () => RuleBook.load() },
        CaseRepository,
        WarningStore,
        RecordObservations,
        TakeCaseStep,
        InternalCallGuard,
      ],
    };
  }
}
