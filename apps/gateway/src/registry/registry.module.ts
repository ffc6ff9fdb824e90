import { Module } from '@nestjs/common';

import { BankCustomers, Banks } from './bank-customers';
import { EnterprisesController } from './enterprises.controller';
import { RegistryReads } from './registry-reads.usecase';
import { RegistryWrites } from './registry-writes.usecase';
import { TransmittersController } from './transmitters.controller';
import { Transmitters } from './transmitters.usecase';

/** The enterprise registry (备案): operators write it, operators and regulators read it, events tell the rest. */
@Module({
  controllers: [EnterprisesController, TransmittersController],
  providers: [RegistryWrites, RegistryReads, Transmitters, Banks, BankCustomers],
  exports: [Banks, BankCustomers],
})
export class RegistryModule {}
