import { DynamicModule, Module } from '@nestjs/common';

import { PlatformModule, ServiceDefinition } from '@swx/platform';

import { AnomalyLedger } from './anomalies/anomaly-ledger';
import { NoScanTimer } from './anomalies/no-scan-timer';
import { InternalCallGuard } from './internal/internal-call.guard';
import { LogisticsController } from './internal/logistics.controller';
import { WarehousesController } from './internal/warehouses.controller';
import { LogisticsEnv } from './logistics.env';
import { DocumentsConsumer } from './timeline/documents.consumer';
import { ReadTimeline } from './timeline/read-timeline.usecase';
import { RecordDocuments } from './timeline/record-documents.usecase';
import { RecordScans } from './timeline/record-scans.usecase';
import { WaybillTimeline } from './timeline/waybill-timeline';
import { Warehouses } from './warehouses/warehouses.usecase';

@Module({})
export class LogisticsModule {
  static forRoot(definition: ServiceDefinition<LogisticsEnv>): DynamicModule {
    return {
      module: LogisticsModule,
      imports: [PlatformModule.forRoot(definition)],
      controllers: [DocumentsConsumer, LogisticsController, WarehousesController],
      providers: [
        WaybillTimeline,
        AnomalyLedger,
        NoScanTimer,
        RecordDocuments,
        RecordScans,
        ReadTimeline,
        Warehouses,
        InternalCallGuard,
      ],
    };
  }
}
