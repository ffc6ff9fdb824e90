import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CUSTOMS_CODE } from '@swx/contracts';

import { hasScope, Principal, Scopes } from '../auth/principal';
import { ClearReads } from '../personal-data/clear-reads';
import { BankCustomers } from './bank-customers';
import { EnterprisePage, EnterpriseResponse, ListEnterprisesQuery } from './enterprise.dto';
import { Enterprise } from './enterprise.entity';
import { enterpriseRecord, enterpriseResponse } from './enterprise-record';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf } from './page';

/** Operators and regulators read the whole registry. */
export const readsWholeRegistry = (caller: Principal): boolean =>
  hasScope(caller, Scopes.RegistryRead) || hasScope(caller, Scopes.RegulatorRead);

/**
 * Reads of the registry, the ID numbers of individuals masked for callers without `personal-data:read`. A bank
 * reads the records of the enterprises that named it, an individual seller's ID number in clear (its own
 * customer, docs/personal-data.md). Every clear ID number shown is audited (ClearReads).
 */
@Injectable()
export class RegistryReads {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clearReads: ClearReads,
    private readonly bankCustomers: BankCustomers,
  ) {}

  async list(query: ListEnterprisesQuery, caller: Principal): Promise<EnterprisePage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, CUSTOMS_CODE);
    const q = this.dataSource
      .getRepository(Enterprise)
      .createQueryBuilder('e')
      .orderBy('e.customs_code', 'ASC')
      .limit(limit + 1);
    if (after !== undefined) q.andWhere('e.customs_code > :after', { after });
    if (query.role) q.andWhere(':role = ANY(e.roles)', { role: query.role });
    if (query.status) q.andWhere('e.status = :status', { status: query.status });
    if (query.kind) q.andWhere('e.kind = :kind', { kind: query.kind });
    const page = pageOf(
      await q.getMany(),
      limit,
      (e) => e.customsCode,
      (e) => enterpriseResponse(e, caller),
    );
    if (hasScope(caller, Scopes.PersonalData)) {
      const shown = page.items.filter((e) => e.idNumber !== undefined).map((e) => e.customsCode);
      await this.clearReads.recordRegistrations(caller, shown, ['idNumber'], 'personal-data-scope');
    }
    return page;
  }

  /**
   * An enterprise client reads only its own record; any other customs code is 404 for it, whether or not it
   * is registered, so that the answer does not tell which codes are (as for other enterprises' messages).
   */
  async get(customsCode: string, caller: Principal): Promise<EnterpriseResponse> {
    if (caller.kind === 'bank') return this.getAsBank(customsCode, caller);
    const own = caller.kind === 'enterprise' && caller.enterpriseCode === customsCode;
    if (!own && !readsWholeRegistry(caller)) {
      if (caller.kind === 'enterprise') throw new NotFoundException(`No enterprise ${customsCode}`);
      throw new ForbiddenException(
        `Reading the registry needs one of the scopes: ${Scopes.RegistryRead}, ${Scopes.RegulatorRead}`,
      );
    }
    const enterprise = await this.dataSource.getRepository(Enterprise).findOneBy({ customsCode });
    if (!enterprise) throw new NotFoundException(`No enterprise ${customsCode}`);
    const response = enterpriseResponse(enterprise, caller);
    if (enterprise.idNumber !== null && hasScope(caller, Scopes.PersonalData)) {
      await this.clearReads.recordRegistrations(caller, [customsCode], ['idNumber'], 'personal-data-scope');
    }
    return response;
  }

  /**
   * A bank reads the record of an enterprise that named it among its FX banks, an individual seller's ID number
   * in clear (the bank knows its own customers: 了解你的客户), audited; any other code is 404, registered or not.
   */
  private async getAsBank(customsCode: string, caller: Principal): Promise<EnterpriseResponse> {
    const enterprise = caller.bankCode
      ? await this.dataSource.getRepository(Enterprise).findOneBy({ customsCode })
      : null;
    if (!enterprise || !(await this.bankCustomers.isCustomer(caller.bankCode!, customsCode))) {
      throw new NotFoundException(`No enterprise ${customsCode}`);
    }
    if (enterprise.idNumber !== null) {
      await this.clearReads.recordRegistrations(caller, [customsCode], ['idNumber', 'name'], 'own-customer');
    }
    return enterpriseRecord(enterprise);
  }
}
