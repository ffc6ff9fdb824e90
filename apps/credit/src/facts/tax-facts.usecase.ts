import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { MessageEnvelope, TaxBillIssued, TaxBillStatusChanged } from '@swx/contracts';
import type { Cause } from '@swx/messaging';

import { expiryOf } from '../rating/rate';
import { RateSubjects } from '../rating/rate-subjects.usecase';
import { ScoringModelRef } from '../rating/scoring-model.provider';
import { FactStore } from './fact-store';

export const overdueFactId = (taxNo: string): string => `tax:overdue:${taxNo}`;

/**
 * Tax bills watched for their due date (issue + `taxBillDueDays` of the model): a bill still unpaid then becomes
 * a fact against its guarantor (`tax.billOverdue`); paying it, even late, or voiding it reverses the fact.
 */
@Injectable()
export class TaxFacts {
  constructor(
    private readonly facts: FactStore,
    private readonly rateSubjects: RateSubjects,
    private readonly modelRef: ScoringModelRef,
  ) {}

  /** Returns when the bill falls due (for the timer), unless it is settled already. */
  async issued(manager: EntityManager, envelope: MessageEnvelope<TaxBillIssued>): Promise<string | null> {
    const b = envelope.payload;
    const dueAt = new Date(new Date(b.issuedAt).getTime() + this.modelRef.model.taxBillDueDays * 86_400_000);
    // A status change may have come first (another partition): it left a settled placeholder, kept settled.
    const [row]: { settled: boolean }[] = await manager.query(
      `INSERT INTO "credit"."tax_bill" (tax_no, assure_code, list_identity, issued_at, due_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tax_no) DO UPDATE SET assure_code = EXCLUDED.assure_code, list_identity = EXCLUDED.list_identity,
         issued_at = EXCLUDED.issued_at, due_at = EXCLUDED.due_at
       RETURNING settled`,
      [b.taxNo, b.assureCode, b.listIdentity, b.issuedAt, dueAt.toISOString()],
    );
    return row.settled ? null : dueAt.toISOString();
  }

  async statusChanged(
    manager: EntityManager,
    envelope: MessageEnvelope<TaxBillStatusChanged>,
  ): Promise<string | null> {
    const c = envelope.payload;
    if (!c.paid && c.status !== '3') return null;
    await manager.query(
      `INSERT INTO "credit"."tax_bill" (tax_no, assure_code, list_identity, issued_at, due_at, settled)
       VALUES ($1, $2, $3, $4, $4, true)
       ON CONFLICT (tax_no) DO UPDATE SET settled = true`,
      [c.taxNo, c.assureCode, c.listIdentity, c.changedAt],
    );
    const subjects = await this.facts.reverse(
      manager,
      [overdueFactId(c.taxNo)],
      c.changedAt,
      c.paid ? `bill ${c.taxNo} paid: ${c.note}` : `bill ${c.taxNo} void: ${c.note}`,
    );
    return this.rateSubjects.execute(manager, subjects, envelope);
  }

  /** Bills past their due date and still unpaid become facts (rows locked, SKIP LOCKED: instances share them). */
  async recordOverdue(manager: EntityManager, limit: number, cause: Cause): Promise<number> {
    const due: {
      tax_no: string;
      assure_code: string;
      list_identity: string;
      issued_at: Date;
      due_at: Date;
    }[] = await manager.query(
      `SELECT tax_no, assure_code, list_identity, issued_at, due_at FROM "credit"."tax_bill"
          WHERE due_at <= now() AND NOT settled AND NOT overdue_recorded
          ORDER BY due_at, tax_no LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (due.length === 0) return 0;
    await manager.query(`UPDATE "credit"."tax_bill" SET overdue_recorded = true WHERE tax_no = ANY($1)`, [
      due.map((d) => d.tax_no),
    ]);
    const model = this.modelRef.model;
    const subjects = await this.facts.upsert(
      manager,
      due.map((d) => {
        const occurredAt = new Date(d.due_at).toISOString();
        return {
          id: overdueFactId(d.tax_no),
          subjectCode: d.assure_code,
          source: 'tax',
          kind: 'tax.billOverdue',
          severity: 'medium' as const,
          occurredAt,
          expiresAt: expiryOf(model, 'tax.billOverdue', occurredAt),
          status: 'active' as const,
          reason: `tax bill ${d.tax_no} (list ${d.list_identity}) unpaid ${model.taxBillDueDays} days after issue`,
          evidence: [d.tax_no, d.list_identity],
          version: occurredAt,
        };
      }),
    );
    await this.rateSubjects.execute(manager, subjects, cause);
    return due.length;
  }
}
