import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { TaxEnv } from './tax.env';
import { OrdersConsumer } from './withheld-tax/orders.consumer';
import { RecordWithheldTax } from './withheld-tax/record-withheld-tax.usecase';

@Module({})
export class TaxModule {
  static forRoot(definition: ServiceDefinition<TaxEnv>): DynamicModule {
    return {
      module: TaxModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [OrdersConsumer],
      providers: [RecordWithheldTax],
    };
  }
}
