import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { money } from '@swx/contracts';

import { TaxBillRow, TaxBills } from '../bills/tax-bills.service';
import { GuaranteeBalance, GuaranteeBalances, GuaranteeKind } from './guarantee-balances';

export interface Summary {
  id: string;
  assureCode: string;
  periodFrom: string;
  periodTo: string;
  billCount: number;
  taxTotal: string;
  status: 'summarised' | 'paid';
  entDutyNo?: string;
  taxNos: string[];
  createdAt: string;
  paidAt?: string;
}

interface SummaryRow {
  id: string;
  assure_code: string;
  period_from: string;
  period_to: string;
  bill_count: number;
  tax_total: string;
  status: 'summarised' | 'paid';
  ent_duty_no: string | null;
  created_at: Date;
  paid_at: Date | null;
}

/**
 * Guarantee accounts (税款担保: deposit, bank guarantee, guarantee insurance) and consolidated payment
 * (集中缴纳): a guarantor's generated bills of a period are summarised (status 2) and paid at once, which
 * gives their amount back to the account's available balance.
 */
@Injectable()
export class GuaranteeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly balances: GuaranteeBalances,
    private readonly bills: TaxBills,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(GuaranteeService.name);
  }

  read(assureCode: string): Promise<GuaranteeBalance | undefined> {
    return this.balances.read(this.dataSource.manager, assureCode);
  }

  async put(assureCode: string, kind: GuaranteeKind, amount: string, reference?: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "tax"."guarantee_account" (assure_code, kind, amount, reference) VALUES ($1, $2, $3, $4)
       ON CONFLICT (assure_code) DO UPDATE SET kind = $2, amount = $3, reference = $4, updated_at = now()`,
      [assureCode, kind, amount, reference ?? null],
    );
    this.logger.info({ assureCode, kind, amount }, 'guarantee account set');
  }

  async topUp(assureCode: string, amount: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE "tax"."guarantee_account" SET amount = amount + $2, updated_at = now() WHERE assure_code = $1
       RETURNING assure_code`,
      [assureCode, amount],
    );
    this.logger.info({ assureCode, amount }, 'guarantee account topped up');
    return rows.length > 0;
  }

  async summarise(assureCode: string, from: string, to: string, by: string): Promise<Summary | undefined> {
    const summary = await this.dataSource.transaction(async (manager) => {
      const bills: TaxBillRow[] = await manager.query(
        `SELECT * FROM "tax"."tax_bill" WHERE assure_code = $1 AND status = '1'
           AND (issued_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
         ORDER BY tax_no FOR UPDATE`,
        [assureCode, from, to],
      );
      if (bills.length === 0) return undefined;
      const id = randomUUID();
      await manager.query(
        `INSERT INTO "tax"."payment_summary" (id, assure_code, period_from, period_to, bill_count, tax_total, status)
         SELECT $1, $2, $3, $4, count(*), sum(tax_total), 'summarised' FROM "tax"."tax_bill" WHERE tax_no = ANY($5)`,
        [id, assureCode, from, to, bills.map((b) => b.tax_no)],
      );
      await manager.query(`UPDATE "tax"."tax_bill" SET summary_id = $1 WHERE tax_no = ANY($2)`, [
        id,
        bills.map((b) => b.tax_no),
      ]);
      for (const bill of bills) {
        await this.bills.changeStatus(
          manager,
          { ...bill, summary_id: id },
          '2',
          `已汇总 ${from}..${to} (${by})`,
          `tax-summary-${id}`,
        );
      }
      return id;
    });
    return summary ? this.summary(summary) : undefined;
  }

  async summary(id: string): Promise<Summary | undefined> {
    const [row]: SummaryRow[] = await this.dataSource.query(
      `SELECT id, assure_code, period_from::text, period_to::text, bill_count, tax_total::text, status, ent_duty_no,
              created_at, paid_at FROM "tax"."payment_summary" WHERE id = $1`,
      [id],
    );
    if (!row) return undefined;
    const bills: { tax_no: string }[] = await this.dataSource.query(
      `SELECT tax_no FROM "tax"."tax_bill" WHERE summary_id = $1 ORDER BY tax_no`,
      [id],
    );
    return {
      id: row.id,
      assureCode: row.assure_code,
      periodFrom: row.period_from,
      periodTo: row.period_to,
      billCount: row.bill_count,
      taxTotal: money(row.tax_total),
      status: row.status,
      ...(row.ent_duty_no ? { entDutyNo: row.ent_duty_no } : {}),
      taxNos: bills.map((b) => b.tax_no),
      createdAt: new Date(row.created_at).toISOString(),
      ...(row.paid_at ? { paidAt: new Date(row.paid_at).toISOString() } : {}),
    };
  }

  /** Records the consolidated payment of a summary: its bills are paid, the guarantee balance restored. */
  async pay(id: string, entDutyNo: string | undefined, by: string): Promise<Summary | undefined> {
    const paid = await this.dataSource.transaction(async (manager) => {
      const updated: unknown[] = await manager.query(
        `UPDATE "tax"."payment_summary" SET status = 'paid', paid_at = now(), ent_duty_no = $2
          WHERE id = $1 AND status = 'summarised' RETURNING id`,
        [id, entDutyNo ?? null],
      );
      if (updated.length === 0) return false;
      const bills: TaxBillRow[] = await manager.query(
        `SELECT * FROM "tax"."tax_bill" WHERE summary_id = $1 AND status = '2' AND paid_at IS NULL
          ORDER BY tax_no FOR UPDATE`,
        [id],
      );
      for (const bill of bills) {
        await this.bills.changeStatus(
          manager,
          bill,
          '2',
          `已缴款${entDutyNo ? ` 缴款书 ${entDutyNo}` : ''} (${by})`,
          `tax-summary-${id}`,
          undefined,
          true,
        );
      }
      return true;
    });
    return paid ? this.summary(id) : undefined;
  }
}
