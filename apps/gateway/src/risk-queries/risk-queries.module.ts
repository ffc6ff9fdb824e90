import { Module } from '@nestjs/common';

import { RiskClient } from './risk-client';
import { RiskQueriesController } from './risk-queries.controller';
import { RiskSubjects } from './risk-subjects';

@Module({
  controllers: [RiskQueriesController],
  providers: [RiskClient, RiskSubjects],
})
export class RiskQueriesModule {}
