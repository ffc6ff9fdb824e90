import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { Directory } from './directory/directory';
import { ForexEnv } from './forex.env';
import { ForexController } from './internal/forex.controller';
import { InternalCallGuard } from './internal/internal-call.guard';
import { IndividualSellers } from './personal/individual-sellers';
import { ExchangeRates } from './rates/exchange-rates';
import { AdvancedFeeQueries } from './settlements/advanced-fee-queries';
import { SettleTransactions } from './settlements/settle.usecase';
import { DocumentsConsumer } from './transactions/documents.consumer';
import { RecordDocuments } from './transactions/record-documents.usecase';
import { TransactionQueries } from './transactions/transaction-queries';
import { TransactionStore } from './transactions/transaction-store';
import { TotalVolumeVerification } from './verification/verification.service';

@Module({})
export class ForexModule {
  static forRoot(definition: ServiceDefinition<ForexEnv>): DynamicModule {
    return {
      module: ForexModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [DocumentsConsumer, ForexController],
      providers: [
        TransactionStore,
        RecordDocuments,
        TransactionQueries,
        SettleTransactions,
        AdvancedFeeQueries,
        ExchangeRates,
        Directory,
        TotalVolumeVerification,
        IndividualSellers,
        InternalCallGuard,
      ],
    };
  }
}
