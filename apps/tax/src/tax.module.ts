import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { AssessmentService } from './assessment/assessment.service';
import { RateTables } from './assessment/rate-table';
import { TaxEventsConsumer } from './assessment/tax-events.consumer';
import { TaxBills } from './bills/tax-bills.service';
import { GuaranteeService } from './guarantee/guarantee.service';
import { GuaranteeBalances } from './guarantee/guarantee-balances';
import { InternalCallGuard } from './internal/internal-call.guard';
import { TaxRecordsController } from './internal/tax-records.controller';
import { TaxEnv } from './tax.env';
import { OrdersConsumer } from './withheld-tax/orders.consumer';
import { RecordWithheldTax } from './withheld-tax/record-withheld-tax.usecase';

@Module({})
export class TaxModule {
  static forRoot(definition: ServiceDefinition<TaxEnv>): DynamicModule {
    return {
      module: TaxModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [OrdersConsumer, TaxEventsConsumer, TaxRecordsController],
      providers: [
        RecordWithheldTax,
        { provide: RateTables, useFactory: () => RateTables.load() },
        AssessmentService,
        TaxBills,
        GuaranteeBalances,
        GuaranteeService,
        InternalCallGuard,
      ],
    };
  }
}
