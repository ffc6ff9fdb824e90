import { Global, Module } from '@nestjs/common';

import { TaxClient } from '../tax-queries/tax-client';
import { ClearReads } from './clear-reads';
import { LegacyQuotaKeysController } from './legacy-quota-keys.controller';
import { PersonTokeniser } from './person-tokeniser';

/** Personal data at the edge (docs/personal-data.md): the tokeniser, the clear-read audit, the quota-key move. */
@Global()
@Module({
  controllers: [LegacyQuotaKeysController],
  providers: [PersonTokeniser, ClearReads, TaxClient],
  exports: [PersonTokeniser, ClearReads],
})
export class PersonalDataModule {}
