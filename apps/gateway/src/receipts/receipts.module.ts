import { Module } from '@nestjs/common';

import { ReceiptQueries } from './receipt-queries';
import { ReceiptXmlRenderer } from './receipt-xml.renderer';
import { ReceiptsController } from './receipts.controller';

/** Reading receipts back: per document and as a cursor feed. (Recording them is the receipts consumer's job.) */
@Module({
  controllers: [ReceiptsController],
  providers: [ReceiptQueries, ReceiptXmlRenderer],
})
export class ReceiptsModule {}
