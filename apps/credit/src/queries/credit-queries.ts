import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CREDIT_LEVELS, CREDIT_LISTS, type CreditLevel } from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import type { AppealRow } from '../decisions/credit-decisions.usecase';
import type { FactRow, ListEntryRow } from '../facts/fact-store';
import type { Caller } from '../internal/internal-call.guard';
import { readsAll } from '../internal/internal-call.guard';
import { APPEAL_HINT, UNRATED_LEVEL } from '../rating/rate-subjects.usecase';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

interface RatingRow {
  subject_code: string;
  level: CreditLevel;
  score: string;
  model_version: string;
  explanation: object;
  reason: string;
  next_due_at: Date | null;
  rated_at: Date;
}

export interface StandingView {
  enterpriseCode: string;
  kind: 'enterprise' | 'individual';
  level: CreditLevel;
  ratedAt: string | null;
  lists: { list: string; basis: string; since: string; until: string | null }[];
}

const entryView = (e: ListEntryRow) => ({
  id: e.id,
  list: e.list,
  basis: e.basis,
  ruleId: e.rule_id,
  reason: e.reason,
  startAt: iso(e.start_at),
  endAt: iso(e.end_at),
  status: e.status,
  decidedBy: e.decided_by,
  closingNote: e.closing_note,
  changedAt: iso(e.changed_at),
});

export const appealView = (a: AppealRow) => ({
  id: a.id,
  enterpriseCode: a.subject_code,
  target: a.target,
  targetId: a.target_id,
  grounds: a.grounds,
  filedAt: iso(a.filed_at),
  status: a.status,
  decidedBy: a.decided_by,
  decisionNote: a.decision_note,
  decidedAt: iso(a.decided_at),
});

/**
 * Graded disclosure (分级公开): anyone authenticated reads an enterprise's level and list status; the enterprise
 * reads its whole file; regulators and operators read every file. The archive holds no personal data in clear
 * (individual sellers appear by customs code, their names masked as the registry publishes them); free text a
 * regulator recorded about an individual seller is shown to the seller and to regulators only.
 */
@Injectable()
export class CreditQueries {
  constructor(private readonly dataSource: DataSource) {}

  async standing(code: string): Promise<StandingView> {
    const [subject]: { kind: 'enterprise' | 'individual' }[] = await this.dataSource.query(
      `SELECT kind FROM "credit"."subject" WHERE code = $1`,
      [code],
    );
    const [rating]: RatingRow[] = await this.dataSource.query(
      `SELECT * FROM "credit"."rating" WHERE subject_code = $1`,
      [code],
    );
    const entries: ListEntryRow[] = await this.dataSource.query(
      `SELECT * FROM "credit"."list_entry" WHERE subject_code = $1 AND status = 'active'
         AND start_at <= now() AND (end_at IS NULL OR end_at > now()) ORDER BY start_at, id`,
      [code],
    );
    return {
      enterpriseCode: code,
      kind: subject?.kind ?? 'enterprise',
      level: rating?.level ?? UNRATED_LEVEL,
      ratedAt: iso(rating?.rated_at ?? null),
      lists: entries.map((e) => ({
        list: e.list,
        basis: e.basis,
        since: iso(e.start_at)!,
        until: iso(e.end_at),
      })),
    };
  }

  async file(caller: Caller, code: string): Promise<object> {
    if (!readsAll(caller) && caller.enterpriseCode !== code)
      throw new NotFoundException(`No credit file ${code} for this client (an enterprise reads its own)`);
    // One snapshot: a rating is committed with the facts behind it, and read with them (read one by one, a
    // re-rating committed in between showed a reversed fact beside the rating that still counted it).
    const { subject, rating, facts, entries, appeals } = await this.dataSource.transaction(
      'REPEATABLE READ',
      async (m) => {
        const [subject]: { kind: string; name: string | null }[] = await m.query(
          `SELECT kind, name FROM "credit"."subject" WHERE code = $1`,
          [code],
        );
        const [rating]: RatingRow[] = await m.query(
          `SELECT * FROM "credit"."rating" WHERE subject_code = $1`,
          [code],
        );
        const facts: FactRow[] = await m.query(
          `SELECT * FROM "credit"."fact" WHERE subject_code = $1 ORDER BY occurred_at DESC, id LIMIT 500`,
          [code],
        );
        const entries: ListEntryRow[] = await m.query(
          `SELECT * FROM "credit"."list_entry" WHERE subject_code = $1 ORDER BY start_at DESC, id`,
          [code],
        );
        const appeals: AppealRow[] = await m.query(
          `SELECT * FROM "credit"."appeal" WHERE subject_code = $1 ORDER BY filed_at DESC, id`,
          [code],
        );
        return { subject, rating, facts, entries, appeals };
      },
    );
    return {
      enterpriseCode: code,
      kind: subject?.kind ?? 'enterprise',
      name: subject?.name ?? null,
      level: rating?.level ?? UNRATED_LEVEL,
      rating: rating
        ? {
            score: rating.score,
            modelVersion: rating.model_version,
            reason: rating.reason,
            explanation: rating.explanation,
            ratedAt: iso(rating.rated_at),
            nextReviewAt: iso(rating.next_due_at),
          }
        : null,
      facts: facts.map((f) => ({
        id: f.id,
        source: f.source,
        kind: f.kind,
        severity: f.severity,
        occurredAt: iso(f.occurred_at),
        expiresAt: iso(f.expires_at),
        status: f.status,
        reason: f.reason,
        evidence: f.evidence,
        ...(f.aeo_grade ? { aeoGrade: f.aeo_grade } : {}),
        recordedBy: f.recorded_by,
        reversalReason: f.reversal_reason,
        recordedAt: iso(f.recorded_at),
      })),
      listEntries: entries.map(entryView),
      appeals: appeals.map(appealView),
      howToAppeal: APPEAL_HINT,
    };
  }

  async appeals(caller: Caller, status?: string): Promise<{ items: ReturnType<typeof appealView>[] }> {
    if (status !== undefined && !['pending', 'upheld', 'rejected'].includes(status))
      throw new FieldValidationException([
        { path: 'status', rule: 'isIn', message: 'status must be one of pending, upheld, rejected' },
      ]);
    const params: unknown[] = [];
    const where: string[] = [];
    if (!readsAll(caller)) where.push(`subject_code = $${params.push(caller.enterpriseCode ?? '')}`);
    if (status) where.push(`status = $${params.push(status)}`);
    const rows: AppealRow[] = await this.dataSource.query(
      `SELECT * FROM "credit"."appeal" WHERE ${where.length ? where.join(' AND ') : 'true'} ORDER BY filed_at, id LIMIT 500`,
      params,
    );
    return { items: rows.map(appealView) };
  }

  /** Regulators: the enterprises at a level or on a list. */
  async standings(caller: Caller, level?: string, list?: string): Promise<{ items: StandingView[] }> {
    if (!readsAll(caller)) throw new NotFoundException('Only regulators and operators list credit standings');
    const errors = [];
    if (level !== undefined && !(CREDIT_LEVELS as readonly string[]).includes(level))
      errors.push({
        path: 'level',
        rule: 'isIn',
        message: `level must be one of ${CREDIT_LEVELS.join(', ')}`,
      });
    if (list !== undefined && !(CREDIT_LISTS as readonly string[]).includes(list))
      errors.push({ path: 'list', rule: 'isIn', message: `list must be one of ${CREDIT_LISTS.join(', ')}` });
    if (errors.length) throw new FieldValidationException(errors);
    const params: unknown[] = [];
    const where: string[] = [];
    if (level) where.push(`r.level = $${params.push(level)}`);
    if (list)
      where.push(`EXISTS (SELECT 1 FROM "credit"."list_entry" e WHERE e.subject_code = r.subject_code AND e.status = 'active'
        AND e.list = $${params.push(list)} AND e.start_at <= now() AND (e.end_at IS NULL OR e.end_at > now()))`);
    const rows: { subject_code: string }[] = await this.dataSource.query(
      `SELECT r.subject_code FROM "credit"."rating" r WHERE ${where.length ? where.join(' AND ') : 'true'}
        ORDER BY r.subject_code LIMIT 500`,
      params,
    );
    return { items: await Promise.all(rows.map((r) => this.standing(r.subject_code))) };
  }
}
