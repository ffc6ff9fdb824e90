import { Module } from '@nestjs/common';

import { StatisticsClient } from './statistics-client';
import { StatisticsQueriesController } from './statistics-queries.controller';

@Module({
  controllers: [StatisticsQueriesController],
  providers: [StatisticsClient],
})
export class StatisticsQueriesModule {}
