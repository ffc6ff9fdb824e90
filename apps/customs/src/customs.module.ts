import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { CustomsEnv } from './customs.env';
import { DocumentsConsumer } from './documents/documents.consumer';
import { RecordDeclaredOrder } from './documents/record-declared-order.usecase';
import { EnterpriseDirectory } from './registry/enterprise-directory';
import { RegistryConsumer } from './registry/registry.consumer';
import { ReceiptIssuer } from './shared/receipt-issuer';

@Module({})
export class CustomsModule {
  static forRoot(definition: ServiceDefinition<CustomsEnv>): DynamicModule {
    return {
      module: CustomsModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [DocumentsConsumer, RegistryConsumer],
      providers: [RecordDeclaredOrder, ReceiptIssuer, EnterpriseDirectory],
    };
  }
}
