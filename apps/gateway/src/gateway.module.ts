import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { AuthModule } from './auth/auth.module';
import { GatewayEnv } from './gateway.env';
import { AcceptImportOrder } from './intake/accept-import-order.usecase';
import { ImportOrdersController } from './intake/import-orders.controller';
import { ReceiptsConsumer } from './receipts/receipts.consumer';
import { RecordReceipt } from './receipts/record-receipt.usecase';

@Module({})
export class GatewayModule {
  static forRoot(definition: ServiceDefinition<GatewayEnv>): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forRoot(definition), AuthModule],
      controllers: [ImportOrdersController, ReceiptsConsumer],
      providers: [AcceptImportOrder, RecordReceipt],
    };
  }
}
