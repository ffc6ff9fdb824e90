import { DynamicModule, Module } from '@nestjs/common';

import { InternalCallGuard, PlatformModule, ServiceDefinition } from '@swx/platform';

import { RecordB2bDocuments } from './b2b/record-b2b.usecase';
import { StatisticsController } from './internal/statistics.controller';
import { B2bQueries } from './reports/b2b-queries';
import { IncentiveQueries } from './reports/incentives';
import { MonthlyReports } from './reports/monthly-report';
import { VolumeQueries } from './reports/volume-queries';
import { StatisticsEnv } from './statistics.env';
import { RecordVolumes } from './volumes/record-volumes.usecase';
import { VolumesConsumer } from './volumes/volumes.consumer';

@Module({})
export class StatisticsModule {
  static forRoot(definition: ServiceDefinition<StatisticsEnv>): DynamicModule {
    return {
      module: StatisticsModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [VolumesConsumer, StatisticsController],
      providers: [
        RecordVolumes,
        RecordB2bDocuments,
        VolumeQueries,
        B2bQueries,
        MonthlyReports,
        IncentiveQueries,
        InternalCallGuard,
      ],
    };
  }
}
