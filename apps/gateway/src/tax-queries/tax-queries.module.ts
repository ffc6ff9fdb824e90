import { Module } from '@nestjs/common';

import { TaxClient } from './tax-client';
import { TaxQueriesController } from './tax-queries.controller';

@Module({
  controllers: [TaxQueriesController],
  providers: [TaxClient],
})
export class TaxQueriesModule {}
