import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { CustomsEnv } from './customs.env';
import { ExportModule } from './export/export.module';
import { DocumentsConsumer } from './documents/documents.consumer';
import { ClearanceConsumer } from './clearance/clearance.consumer';
import { InspectionController } from './clearance/inspection.controller';
import { ApplyRiskInspection, RiskInspectionConsumer } from './clearance/risk-inspection';
import { SweepService } from './clearance/sweep.service';
import { CaseStore } from './matching/case-store';
import { EnterpriseDirectory } from './registry/enterprise-directory';
import { RegistryConsumer } from './registry/registry.consumer';
import { ReceiptIssuer } from './shared/receipt-issuer';

@Module({})
export class CustomsModule {
  static forRoot(definition: ServiceDefinition<CustomsEnv>): DynamicModule {
    return {
      module: CustomsModule,
      imports: [PlatformModule.forRoot(definition), ExportModule],
      controllers: [
        DocumentsConsumer,
        RegistryConsumer,
        ClearanceConsumer,
        InspectionController,
        RiskInspectionConsumer,
      ],
      providers: [ReceiptIssuer, EnterpriseDirectory, CaseStore, SweepService, ApplyRiskInspection],
    };
  }
}
