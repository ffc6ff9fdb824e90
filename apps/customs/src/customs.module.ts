import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { CustomsEnv } from './customs.env';
import { DocumentsConsumer } from './documents/documents.consumer';
import { RecordDeclaredOrder } from './documents/record-declared-order.usecase';

@Module({})
export class CustomsModule {
  static forRoot(definition: ServiceDefinition<CustomsEnv>): DynamicModule {
    return {
      module: CustomsModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [DocumentsConsumer],
      providers: [RecordDeclaredOrder],
    };
  }
}
