import { Module } from '@nestjs/common';

import { LogisticsClient } from './logistics-client';
import { LogisticsQueriesController } from './logistics-queries.controller';

@Module({
  controllers: [LogisticsQueriesController],
  providers: [LogisticsClient],
})
export class LogisticsQueriesModule {}
