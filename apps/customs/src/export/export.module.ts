import { Module } from '@nestjs/common';

import { LogisticsDeclarationsConsumer } from '../logistics-declarations/logistics-declarations.consumer';
import { LogisticsDeclarations } from '../logistics-declarations/logistics-declarations.usecase';
import { ReceiptIssuer } from '../shared/receipt-issuer';
import { ExportCases } from './export-cases.usecase';
import { ExportLogisticsProgress } from './export-logistics-progress';
import { ExportReturns } from './export-returns.usecase';
import { ExportSummaries } from './export-summary.usecase';
import { ExportConsumer } from './export.consumer';

/**
 * The export flow (清单核放、汇总申报). It relies on the platform providers (topic consumer, event publisher, data source) that
 * the customs root module's PlatformModule makes global.
 */
@Module({
  controllers: [ExportConsumer, LogisticsDeclarationsConsumer],
  providers: [
    ExportCases,
    ExportLogisticsProgress,
    ExportSummaries,
    ExportReturns,
    ReceiptIssuer,
    LogisticsDeclarations,
  ],
  exports: [ExportCases],
})
export class ExportModule {}
