import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { RegisterBankDto } from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

export interface BankRecord {
  swiftCode: string;
  cnapsCode: string | null;
  name: string;
  createdAt: string;
}

interface BankRow {
  swift_code: string;
  cnaps_code: string | null;
  name: string;
  created_at: Date;
}

const record = (r: BankRow): BankRecord => ({
  swiftCode: r.swift_code,
  cnapsCode: r.cnaps_code,
  name: r.name,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Banks registered on the platform by operators (SWIFT BIC, CNAPS code): the parties bank clients act for. */
@Injectable()
export class Banks {
  constructor(private readonly dataSource: DataSource) {}

  async register(dto: RegisterBankDto): Promise<BankRecord> {
    const rows: BankRow[] = await this.dataSource.query(
      `INSERT INTO "gateway"."bank" (swift_code, cnaps_code, name) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING *`,
      [dto.swiftCode, dto.cnapsCode ?? null, dto.name],
    );
    if (rows.length === 0)
      throw new ConflictException(`A bank with SWIFT ${dto.swiftCode} or that CNAPS code is registered`);
    return record(rows[0]);
  }

  async list(): Promise<BankRecord[]> {
    const rows: BankRow[] = await this.dataSource.query(`SELECT * FROM "gateway"."bank" ORDER BY swift_code`);
    return rows.map(record);
  }

  async get(swiftCode: string): Promise<BankRecord> {
    const rows: BankRow[] = await this.dataSource.query(
      `SELECT * FROM "gateway"."bank" WHERE swift_code = $1`,
      [swiftCode],
    );
    if (rows.length === 0) throw new NotFoundException(`No bank ${swiftCode}`);
    return record(rows[0]);
  }

  async assertRegistered(swiftCode: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM "gateway"."bank" WHERE swift_code = $1`,
      [swiftCode],
    );
    if (rows.length === 0)
      throw new FieldValidationException([
        {
          path: 'bankCode',
          rule: 'registeredBank',
          message: `no bank is registered with SWIFT code ${swiftCode}`,
        },
      ]);
  }
}

/**
 * The bank ↔ customer relation: which banks hold an enterprise's FX accounts, as the enterprise named them. A bank
 * sees the transaction e-information of exactly these enterprises (the forex proxy and the event stream filter
 * with `customersOf`).
 */
@Injectable()
export class BankCustomers {
  constructor(private readonly dataSource: DataSource) {}

  /** Customs codes of the enterprises that named the bank `bankCode`, sorted. */
  async customersOf(bankCode: string): Promise<string[]> {
    const rows: { enterprise_code: string }[] = await this.dataSource.query(
      `SELECT enterprise_code FROM "gateway"."bank_customer" WHERE bank_code = $1 ORDER BY enterprise_code`,
      [bankCode],
    );
    return rows.map((r) => r.enterprise_code);
  }

  /** Whether `enterpriseCode` named the bank. */
  async isCustomer(bankCode: string, enterpriseCode: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM "gateway"."bank_customer" WHERE bank_code = $1 AND enterprise_code = $2`,
      [bankCode, enterpriseCode],
    );
    return rows.length > 0;
  }

  /** The banks an enterprise named, sorted. */
  async banksOf(enterpriseCode: string): Promise<string[]> {
    const rows: { bank_code: string }[] = await this.dataSource.query(
      `SELECT bank_code FROM "gateway"."bank_customer" WHERE enterprise_code = $1 ORDER BY bank_code`,
      [enterpriseCode],
    );
    return rows.map((r) => r.bank_code);
  }

  /** Replaces the banks an enterprise named (all registered banks, else a field error naming the unknown ones). */
  async setBanks(enterpriseCode: string, bankCodes: string[]): Promise<string[]> {
    const wanted = [...new Set(bankCodes)].sort();
    return this.dataSource.transaction(async (m) => {
      const known: { swift_code: string }[] = await m.query(
        `SELECT swift_code FROM "gateway"."bank" WHERE swift_code = ANY($1)`,
        [wanted],
      );
      const unknown = wanted.filter((c) => !known.some((k) => k.swift_code === c));
      if (unknown.length > 0)
        throw new FieldValidationException(
          unknown.map((c) => ({
            path: `bankCodes[${bankCodes.indexOf(c)}]`,
            rule: 'registeredBank',
            message: `no bank is registered with SWIFT code ${c}`,
          })),
        );
      await m.query(
        `DELETE FROM "gateway"."bank_customer" WHERE enterprise_code = $1 AND NOT (bank_code = ANY($2))`,
        [enterpriseCode, wanted],
      );
      await m.query(
        `INSERT INTO "gateway"."bank_customer" (bank_code, enterprise_code)
         SELECT unnest($2::varchar[]), $1 ON CONFLICT DO NOTHING`,
        [enterpriseCode, wanted],
      );
      return wanted;
    });
  }
}
