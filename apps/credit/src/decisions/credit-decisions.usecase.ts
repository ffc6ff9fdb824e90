import { randomUUID } from 'node:crypto';

import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import {
  DecideAppealRequest,
  DecideListEntryRequest,
  FileAppealRequest,
  RecordCreditFactRequest,
  RepairListEntryRequest,
  ReverseCreditFactRequest,
  Topics,
} from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';
import { FieldValidationException } from '@swx/platform';

import { FactStore, type ListEntryRow } from '../facts/fact-store';
import type { Caller } from '../internal/internal-call.guard';
import { DueScheduler } from '../rating/due-scheduler';
import { expiryOf } from '../rating/rate';
import { listEntryEvent, RateSubjects } from '../rating/rate-subjects.usecase';
import { ScoringModelRef } from '../rating/scoring-model.provider';
import { updated } from '../facts/sql';

export interface AppealRow {
  id: string;
  subject_code: string;
  target: 'fact' | 'list-entry';
  target_id: string;
  grounds: string;
  filed_client: string;
  filed_at: Date;
  status: 'pending' | 'upheld' | 'rejected';
  decided_by: string | null;
  decided_client: string | null;
  decision_note: string | null;
  decided_at: Date | null;
}

const cause = (c: Caller) => ({ correlationId: `credit-${c.clientId}-${randomUUID()}`.slice(0, 100) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (id: string): boolean => UUID.test(id);
const clientOf = (c: Caller): string => `${c.agency ?? c.kind}/${c.clientId}`.slice(0, 200);

/** Decisions are dated between 1990 and tomorrow; ends and expiries before 2200. */
const EARLIEST = Date.parse('1990-01-01T00:00:00Z');
const LATEST_END = Date.parse('2200-01-01T00:00:00Z');
function checkDates(fields: { path: string; value?: string; notAfterTomorrow?: boolean }[]): void {
  const errors = fields.flatMap(({ path, value, notAfterTomorrow }) => {
    if (value === undefined) return [];
    const t = Date.parse(value);
    const latest = notAfterTomorrow ? Date.now() + 86_400_000 : LATEST_END;
    return t < EARLIEST || t > latest
      ? [
          {
            path,
            rule: 'dateRange',
            message: `${path} must be between 1990 and ${notAfterTomorrow ? 'tomorrow' : '2200'}`,
          },
        ]
      : [];
  });
  if (errors.length) throw new FieldValidationException(errors);
}

/**
 * What regulators decide (facts they record or reverse, list entries, credit repair, appeals) and what
 * enterprises file (appeals): each in one transaction with the rating it changes and the events it causes, and
 * with the named person who decided it.
 */
@Injectable()
export class CreditDecisions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactStore,
    private readonly rateSubjects: RateSubjects,
    private readonly modelRef: ScoringModelRef,
    private readonly publisher: EventPublisher,
    private readonly scheduler: DueScheduler,
  ) {}

  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.scheduler.flush();
    return result;
  }

  private async rate(manager: EntityManager, codes: string[], caller: Caller): Promise<void> {
    this.scheduler.consider(await this.rateSubjects.execute(manager, codes, cause(caller)));
  }

  async recordFact(caller: Caller, body: RecordCreditFactRequest): Promise<{ id: string }> {
    checkDates([
      { path: 'occurredAt', value: body.occurredAt, notAfterTomorrow: true },
      { path: 'expiresAt', value: body.expiresAt },
    ]);
    if (body.expiresAt && new Date(body.expiresAt) <= new Date(body.occurredAt))
      throw new FieldValidationException([
        { path: 'expiresAt', rule: 'afterOccurredAt', message: 'expiresAt must be after occurredAt' },
      ]);
    const kind = `regulator.${body.kind}`;
    const id = `regulator:${randomUUID()}`;
    const occurredAt = new Date(body.occurredAt).toISOString();
    await this.inTransaction(async (manager) => {
      await this.facts.upsert(manager, [
        {
          id,
          subjectCode: body.enterpriseCode,
          source: caller.agency ?? 'regulator',
          kind,
          severity: body.severity,
          occurredAt,
          expiresAt: expiryOf(this.modelRef.model, kind, occurredAt, body.expiresAt),
          status: 'active',
          reason: body.reason,
          evidence: body.evidence,
          ...(body.aeoGrade ? { aeoGrade: body.aeoGrade } : {}),
          version: new Date().toISOString(),
          recordedBy: `${body.recordedBy} [${clientOf(caller)}]`,
        },
      ]);
      await this.rate(manager, [body.enterpriseCode], caller);
    });
    return { id };
  }

  async reverseFact(caller: Caller, id: string, body: ReverseCreditFactRequest): Promise<void> {
    await this.inTransaction(async (manager) => {
      const fact = await this.facts.find(manager, id);
      if (!fact?.subject_code) throw new NotFoundException(`No credit fact ${id}`);
      if (fact.status === 'reversed') return;
      await this.facts.reverse(
        manager,
        [id],
        new Date().toISOString(),
        `${body.reason} — ${body.decidedBy} [${clientOf(caller)}]`,
      );
      await this.rate(manager, [fact.subject_code], caller);
    });
  }

  async decideEntry(caller: Caller, body: DecideListEntryRequest): Promise<{ id: string }> {
    checkDates([
      { path: 'startAt', value: body.startAt },
      { path: 'endAt', value: body.endAt },
    ]);
    const startAt = body.startAt ? new Date(body.startAt) : new Date();
    if (body.endAt && new Date(body.endAt) <= startAt)
      throw new FieldValidationException([
        { path: 'endAt', rule: 'afterStartAt', message: 'endAt must be after startAt' },
      ]);
    const id = randomUUID();
    await this.inTransaction(async (manager) => {
      const [entry]: ListEntryRow[] = await manager.query(
        `INSERT INTO "credit"."list_entry" (id, subject_code, list, basis, reason, start_at, end_at, status, decided_by, decided_client)
         VALUES ($1, $2, $3, 'decision', $4, $5, $6, 'active', $7, $8) RETURNING *`,
        [
          id,
          body.enterpriseCode,
          body.list,
          body.reason,
          startAt.toISOString(),
          body.endAt ?? null,
          body.decidedBy,
          clientOf(caller),
        ],
      );
      await this.publisher.publish(
        manager,
        Topics.CreditListEntryChanged,
        listEntryEvent(entry),
        cause(caller),
      );
      await this.rate(manager, [body.enterpriseCode], caller);
    });
    return { id };
  }

  /** Ends an active entry: credit repair (信用修复) or an upheld appeal. */
  private async closeEntry(
    manager: EntityManager,
    caller: Caller,
    id: string,
    status: 'repaired' | 'revoked',
    note: string,
    decidedBy: string,
  ): Promise<void> {
    const [entry] = await updated<ListEntryRow>(
      manager,
      `UPDATE "credit"."list_entry" SET status = $2, closing_note = $3, decided_by = $4, decided_client = $5,
         end_at = LEAST(COALESCE(end_at, now()), now()), changed_at = now()
        WHERE id = $1 AND status = 'active' RETURNING *`,
      [id, status, note.slice(0, 500), decidedBy, clientOf(caller)],
    );
    if (!entry) throw new ConflictException(`List entry ${id} is not active`);
    await this.publisher.publish(
      manager,
      Topics.CreditListEntryChanged,
      listEntryEvent(entry),
      cause(caller),
    );
    await this.rate(manager, [entry.subject_code], caller);
  }

  async repairEntry(caller: Caller, id: string, body: RepairListEntryRequest): Promise<void> {
    if (!isUuid(id)) throw new NotFoundException(`No list entry ${id}`);
    await this.inTransaction(async (manager) => {
      const [exists]: unknown[] = await manager.query(
        `SELECT 1 FROM "credit"."list_entry" WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!exists) throw new NotFoundException(`No list entry ${id}`);
      await this.closeEntry(manager, caller, id, 'repaired', `信用修复: ${body.note}`, body.decidedBy);
    });
  }

  async fileAppeal(caller: Caller, body: FileAppealRequest): Promise<AppealRow> {
    if (caller.kind !== 'enterprise' || !caller.enterpriseCode)
      throw new ForbiddenException('appeals are filed by the enterprise concerned');
    return this.inTransaction(async (manager) => {
      const subject = await this.subjectOfTarget(manager, body.target, body.targetId);
      if (subject !== caller.enterpriseCode)
        throw new NotFoundException(`No ${body.target} ${body.targetId} in this enterprise's file`);
      const [appeal]: AppealRow[] = await manager.query(
        `INSERT INTO "credit"."appeal" (id, subject_code, target, target_id, grounds, filed_client, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending') ON CONFLICT DO NOTHING RETURNING *`,
        [randomUUID(), subject, body.target, body.targetId, body.grounds, clientOf(caller)],
      );
      if (!appeal)
        throw new ConflictException(`An appeal against ${body.target} ${body.targetId} is pending already`);
      return appeal;
    });
  }

  async decideAppeal(caller: Caller, id: string, body: DecideAppealRequest): Promise<AppealRow> {
    if (!isUuid(id)) throw new NotFoundException(`No appeal ${id}`);
    return this.inTransaction(async (manager) => {
      const [appeal] = await updated<AppealRow>(
        manager,
        `UPDATE "credit"."appeal" SET status = $2, decision_note = $3, decided_by = $4, decided_client = $5, decided_at = now()
          WHERE id = $1 AND status = 'pending' RETURNING *`,
        [id, body.decision, body.note, body.decidedBy, clientOf(caller)],
      );
      if (!appeal) {
        const [exists]: unknown[] = await manager.query(`SELECT 1 FROM "credit"."appeal" WHERE id = $1`, [
          id,
        ]);
        if (!exists) throw new NotFoundException(`No appeal ${id}`);
        throw new ConflictException(`Appeal ${id} is decided already`);
      }
      if (body.decision === 'upheld') {
        const note = `appeal ${id} upheld: ${body.note}`;
        if (appeal.target === 'fact') {
          await this.facts.reverse(
            manager,
            [appeal.target_id],
            new Date().toISOString(),
            `${note} — ${body.decidedBy}`,
          );
          await this.rate(manager, [appeal.subject_code], caller);
        } else {
          const [active]: unknown[] = await manager.query(
            `SELECT 1 FROM "credit"."list_entry" WHERE id = $1 AND status = 'active' FOR UPDATE`,
            [appeal.target_id],
          );
          if (active)
            await this.closeEntry(manager, caller, appeal.target_id, 'revoked', note, body.decidedBy);
        }
      }
      return appeal;
    });
  }

  private async subjectOfTarget(
    manager: EntityManager,
    target: string,
    id: string,
  ): Promise<string | undefined> {
    if (target === 'fact') return (await this.facts.find(manager, id))?.subject_code ?? undefined;
    if (!isUuid(id)) return undefined;
    const [row]: { subject_code: string }[] = await manager.query(
      `SELECT subject_code FROM "credit"."list_entry" WHERE id = $1`,
      [id],
    );
    return row?.subject_code;
  }
}
