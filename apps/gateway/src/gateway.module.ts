import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { AuthModule } from './auth/auth.module';
import { DemoModule } from './demo/demo.module';
import { EventsModule } from './events/events.module';
import { CredentialsModule } from './auth/credentials.module';
import { CreditModule } from './credit/credit.module';
import { ForexQueriesModule } from './forex-queries/forex-queries.module';
import { GatewayEnv } from './gateway.env';
import { IntakeModule } from './intake/intake.module';
import { ReceiptsConsumer } from './receipts/receipts.consumer';
import { AnomalyNoticesConsumer } from './receipts/anomaly-notices.consumer';
import { RiskNoticesConsumer } from './receipts/risk-notices.consumer';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { ReceiptsModule } from './receipts/receipts.module';
import { RecordReceipt } from './receipts/record-receipt.usecase';
import { RegistryModule } from './registry/registry.module';
import { SignaturesModule } from './signatures/signatures.module';
import { StaffModule } from './staff/staff.module';
import { ConsoleModule } from './console/console.module';
import { TaxQueriesModule } from './tax-queries/tax-queries.module';
import { RiskQueriesModule } from './risk-queries/risk-queries.module';
import { StatisticsQueriesModule } from './statistics-queries/statistics-queries.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { LogisticsQueriesModule } from './logistics-queries/logistics-queries.module';

@Module({})
export class GatewayModule {
  static forRoot(definition: ServiceDefinition<GatewayEnv>): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forRoot(definition),
        AuthModule,
        CredentialsModule,
        RegistryModule,
        IntakeModule,
        ReceiptsModule,
        WebhooksModule,
        TaxQueriesModule,
        RiskQueriesModule,
        StatisticsQueriesModule,
        SignaturesModule,
        PersonalDataModule,
        EventsModule,
        DemoModule,
        LogisticsQueriesModule,
        CreditModule,
        ForexQueriesModule,
        StaffModule,
        ConsoleModule,
      ],
      controllers: [ReceiptsConsumer, RiskNoticesConsumer, AnomalyNoticesConsumer],
      providers: [RecordReceipt],
    };
  }
}
