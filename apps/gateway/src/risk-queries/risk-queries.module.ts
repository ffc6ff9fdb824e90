import { Module } from '@nestjs/common';

import { RiskClient } from './risk-client';
import { RiskQueriesController } from './risk-queries.controller';

@Module({
  controllers: [RiskQueriesController],
  providers: [RiskClient],
})
export class RiskQueriesModule {}
