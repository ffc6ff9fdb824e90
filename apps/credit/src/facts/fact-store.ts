import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { DecidedEntry, FactStatus, RatedFact } from '../rating/rate';
import type { FactSeverity } from '../rating/scoring-model';
import { updated } from './sql';

/** A fact as a source reports it (a consumed event, a regulator's record). */
export interface FactRecord {
  id: string;
  /** Null when the source names only an order (an import match refusal): attributed later (`attribute`). */
  subjectCode: string | null;
  orderNo?: string;
  source: string;
  kind: string;
  severity: FactSeverity;
  occurredAt: string;
  expiresAt: string | null;
  status: FactStatus;
  reason: string;
  evidence: string[];
  aeoGrade?: 'advanced' | 'general';
  version: string;
  recordedBy?: string;
  reversalReason?: string;
}

export interface FactRow {
  id: string;
  subject_code: string | null;
  order_no: string | null;
  source: string;
  kind: string;
  severity: FactSeverity;
  occurred_at: Date;
  expires_at: Date | null;
  status: FactStatus;
  reason: string;
  evidence: string[];
  aeo_grade: 'advanced' | 'general' | null;
  version: Date;
  recorded_by: string | null;
  reversal_reason: string | null;
  recorded_at: Date;
  updated_at: Date;
}

export interface ListEntryRow {
  id: string;
  subject_code: string;
  list: DecidedEntry['list'];
  basis: 'decision' | 'rule';
  rule_id: string | null;
  reason: string;
  start_at: Date;
  end_at: Date | null;
  status: DecidedEntry['status'];
  decided_by: string | null;
  decided_client: string | null;
  closing_note: string | null;
  changed_at: Date;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export const ratedFactOf = (r: FactRow): RatedFact => ({
  id: r.id,
  kind: r.kind,
  source: r.source,
  severity: r.severity,
  occurredAt: iso(r.occurred_at)!,
  expiresAt: iso(r.expires_at),
  status: r.status,
  reason: r.reason,
  version: iso(r.version)!,
  ...(r.aeo_grade ? { aeoGrade: r.aeo_grade } : {}),
});

export const decidedEntryOf = (r: ListEntryRow): DecidedEntry => ({
  id: r.id,
  list: r.list,
  startAt: iso(r.start_at)!,
  endAt: iso(r.end_at),
  status: r.status,
});

/** The facts of the archive: SQL only, no decisions. */
@Injectable()
export class FactStore {
  /**
   * Upserts facts; a state replaces the stored one only when it is later (`supersedes` in rate.ts: by version,
   * then a reversal over an active state). Returns the subjects whose files changed.
   */
  async upsert(manager: EntityManager, facts: FactRecord[]): Promise<string[]> {
    if (facts.length === 0) return [];
    const rows: { subject_code: string | null }[] = await manager.query(
      `INSERT INTO "credit"."fact" AS f (id, subject_code, order_no, source, kind, severity, occurred_at, expires_at,
         status, reason, evidence, aeo_grade, version, recorded_by, reversal_reason)
       SELECT id, subject_code, order_no, source, kind, severity, occurred_at, expires_at, status, reason, evidence,
              aeo_grade, version, recorded_by, reversal_reason
         FROM jsonb_to_recordset($1::jsonb) AS r(id varchar, subject_code varchar, order_no varchar, source varchar,
           kind varchar, severity varchar, occurred_at timestamptz, expires_at timestamptz, status varchar,
           reason varchar, evidence jsonb, aeo_grade varchar, version timestamptz, recorded_by varchar,
           reversal_reason varchar)
        ORDER BY id
       ON CONFLICT (id) DO UPDATE SET
         subject_code = COALESCE(EXCLUDED.subject_code, f.subject_code), order_no = COALESCE(EXCLUDED.order_no, f.order_no),
         kind = EXCLUDED.kind, severity = EXCLUDED.severity, occurred_at = EXCLUDED.occurred_at,
         expires_at = EXCLUDED.expires_at, status = EXCLUDED.status, reason = EXCLUDED.reason,
         evidence = EXCLUDED.evidence, aeo_grade = EXCLUDED.aeo_grade, version = EXCLUDED.version,
         recorded_by = COALESCE(EXCLUDED.recorded_by, f.recorded_by), reversal_reason = EXCLUDED.reversal_reason,
         updated_at = now()
       WHERE (f.version, f.status = 'reversed') < (EXCLUDED.version, EXCLUDED.status = 'reversed')
       RETURNING subject_code`,
      [
        JSON.stringify(
          facts.map((f) => ({
            id: f.id,
            subject_code: f.subjectCode,
            order_no: f.orderNo ?? null,
            source: f.source,
            kind: f.kind,
            severity: f.severity,
            occurred_at: f.occurredAt,
            expires_at: f.expiresAt,
            status: f.status,
            reason: f.reason.slice(0, 1000),
            evidence: f.evidence,
            aeo_grade: f.aeoGrade ?? null,
            version: f.version,
            recorded_by: f.recordedBy ?? null,
            reversal_reason: f.reversalReason?.slice(0, 500) ?? null,
          })),
        ),
      ],
    );
    return rows.map((r) => r.subject_code).filter((c): c is string => c !== null);
  }

  /** Reverses stored facts (never creates one): the cause of each was reversed at `version`. */
  async reverse(manager: EntityManager, ids: string[], version: string, reason: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await updated<{ subject_code: string | null }>(
      manager,
      `UPDATE "credit"."fact" SET status = 'reversed', version = $2, reversal_reason = $3, updated_at = now()
        WHERE id = ANY($1) AND (version, status = 'reversed') < ($2::timestamptz, true)
        RETURNING subject_code`,
      [ids, version, reason.slice(0, 500)],
    );
    return rows.map((r) => r.subject_code).filter((c): c is string => c !== null);
  }

  async find(manager: EntityManager, id: string): Promise<FactRow | undefined> {
    const [row]: FactRow[] = await manager.query(`SELECT * FROM "credit"."fact" WHERE id = $1`, [id]);
    return row;
  }

  /** Remembers the enterprise of an order and gives it the facts that named only the order. */
  async attribute(manager: EntityManager, orderNo: string, subjectCode: string): Promise<string[]> {
    await manager.query(
      `INSERT INTO "credit"."order_subject" (order_no, subject_code) VALUES ($1, $2) ON CONFLICT (order_no) DO NOTHING`,
      [orderNo, subjectCode],
    );
    return this.attributePending(manager, [orderNo]);
  }

  /** Facts still without a subject whose order's enterprise is known now. */
  async attributePending(manager: EntityManager, orderNos: string[]): Promise<string[]> {
    if (orderNos.length === 0) return [];
    const rows = await updated<{ subject_code: string }>(
      manager,
      `UPDATE "credit"."fact" f SET subject_code = os.subject_code, updated_at = now()
         FROM "credit"."order_subject" os
        WHERE f.subject_code IS NULL AND f.order_no = ANY($1) AND os.order_no = f.order_no
        RETURNING f.subject_code`,
      [orderNos],
    );
    return rows.map((r) => r.subject_code);
  }

  /** The facts of a file that may still count (reversed and expired ones never come back by themselves). */
  async inForceOf(manager: EntityManager, code: string): Promise<FactRow[]> {
    return manager.query(
      `SELECT * FROM "credit"."fact" WHERE subject_code = $1 AND status = 'active'
          AND (expires_at IS NULL OR expires_at > now()) ORDER BY id`,
      [code],
    );
  }

  async entriesOf(manager: EntityManager, code: string): Promise<ListEntryRow[]> {
    return manager.query(
      `SELECT * FROM "credit"."list_entry" WHERE subject_code = $1 ORDER BY start_at, id`,
      [code],
    );
  }
}
