import { Module } from '@nestjs/common';

import { RegistryModule } from '../registry/registry.module';
import { ForexClient } from './forex-client';
import { ForexQueriesController } from './forex-queries.controller';

@Module({
  imports: [RegistryModule],
  controllers: [ForexQueriesController],
  providers: [ForexClient],
})
export class ForexQueriesModule {}
