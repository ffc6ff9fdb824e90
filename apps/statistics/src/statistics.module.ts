import { DynamicModule, Module } from '@nestjs/common';

import { InternalCallGuard, PlatformModule, ServiceDefinition } from '@swx/platform';

import { StatisticsController } from './internal/statistics.controller';
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
      providers: [RecordVolumes, VolumeQueries, InternalCallGuard],
    };
  }
}
