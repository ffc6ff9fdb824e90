import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { type RiskGrade, Topics } from '@swx/contracts';
import { type Causation, EventPublisher } from '@swx/messaging';

import { CaseRepository } from '../cases/case-repository';
import type { SubjectObservation } from '../observations/extract';
import { evaluateRule, type Finding, type Observation } from '../rules/evaluate';
import type { RiskRule } from '../rules/rule-book';
import { RuleBook } from '../rules/rule-book.provider';
import { caseIdOf, decideWarning, warningIdOf } from './warning-ledger';

/** The actor of the steps the service takes by itself (opening and escalating a case). */
export const SERVICE_ACTOR = 'risk-service';

interface WarningRow {
  warning_id: string;
  grade: RiskGrade | null;
  published_grade: RiskGrade | null;
  case_id: string;
}

const reasonOf = (rule: RiskRule, f: Finding): string =>
  `${rule.title}: ${f.score} in the window ${f.windowFrom} – ${f.windowTo}`.slice(0, 500);

/**
 * Keeps observations and the warnings they give, in PostgreSQL. An observation is stored once per subject and
 * source (a redelivery changes nothing; a newer version replaces it); each changed subject is evaluated again
 * from all its stored observations under a transaction lock on its warning, so two instances and any arrival
 * order end in the same warnings.
 */
@Injectable()
export class WarningStore {
  constructor(
    private readonly book: RuleBook,
    private readonly cases: CaseRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async record(manager: EntityManager, observations: SubjectObservation[], cause: Causation): Promise<void> {
    const changed = new Map<string, SubjectObservation>();
    for (const o of observations) {
      if (!this.book.rules.some((r) => r.stream === o.stream && r.subjectKind === o.subjectKind)) continue;
      const rows: unknown[] = await manager.query(
        `INSERT INTO "risk"."observation" AS o (stream, subject_kind, subject, source, subject_masked, count_key, at,
           weight, amount, active, enterprise_code, order_no, message_id, document_type, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (stream, subject_kind, subject, source) DO UPDATE SET subject_masked = EXCLUDED.subject_masked,
           count_key = EXCLUDED.count_key, at = EXCLUDED.at, weight = EXCLUDED.weight, amount = EXCLUDED.amount,
           active = EXCLUDED.active, enterprise_code = EXCLUDED.enterprise_code, order_no = EXCLUDED.order_no,
           message_id = EXCLUDED.message_id, document_type = EXCLUDED.document_type, version = EXCLUDED.version
         WHERE o.version < EXCLUDED.version
         RETURNING 1`,
        [
          o.stream,
          o.subjectKind,
          o.subject,
          o.source,
          o.subjectMasked.slice(0, 200),
          o.countKey,
          o.at,
          o.weight,
          o.amount ?? null,
          o.active,
          o.enterpriseCode,
          o.orderNo ?? null,
          o.messageId ?? null,
          o.documentType ?? null,
          o.version,
        ],
      );
      if (rows.length > 0) changed.set(`${o.stream}|${o.subjectKind}|${o.subject}`, o);
    }
    const work = [...changed.values()]
      .flatMap((o) =>
        this.book.rules
          .filter((r) => r.stream === o.stream && r.subjectKind === o.subjectKind)
          .map((rule) => ({ rule, o, warningId: warningIdOf(rule, o.subjectKind, o.subject) })),
      )
      // One lock order in every transaction.
      .sort((a, b) => (a.warningId < b.warningId ? -1 : 1));
    for (const { rule, o, warningId } of work) await this.evaluate(manager, rule, o, warningId, cause);
  }

  private async evaluate(
    manager: EntityManager,
    rule: RiskRule,
    o: SubjectObservation,
    warningId: string,
    cause: Causation,
  ): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [warningId]);
    const stored: {
      source: string;
      count_key: string;
      at: Date;
      weight: number;
      amount: string | null;
      active: boolean;
      enterprise_code: string;
      order_no: string | null;
      message_id: string | null;
      document_type: string | null;
    }[] = await manager.query(
      `SELECT source, count_key, at, weight, amount::text AS amount, active, enterprise_code, order_no,
         message_id::text AS message_id, document_type
       FROM "risk"."observation" WHERE stream = $1 AND subject_kind = $2 AND subject = $3`,
      [o.stream, o.subjectKind, o.subject],
    );
    const observations: Observation[] = stored.map((s) => ({
      source: s.source,
      countKey: s.count_key,
      at: new Date(s.at).toISOString(),
      weight: s.weight,
      ...(s.amount !== null ? { amount: s.amount } : {}),
      active: s.active,
      enterpriseCode: s.enterprise_code,
      ...(s.order_no !== null ? { orderNo: s.order_no } : {}),
      ...(s.message_id !== null ? { messageId: s.message_id } : {}),
      ...(s.document_type !== null ? { documentType: s.document_type } : {}),
    }));
    const finding = evaluateRule(rule, observations);
    const rows: WarningRow[] = await manager.query(
      `SELECT warning_id, grade, published_grade, case_id FROM "risk"."warning" WHERE warning_id = $1`,
      [warningId],
    );
    const existing = rows[0];
    const decision = decideWarning(
      existing && { grade: existing.grade, publishedGrade: existing.published_grade },
      finding,
    );
    if (decision.kind === 'none') return;
    if (!finding) {
      await manager.query(
        `UPDATE "risk"."warning" SET grade = NULL, score = 0, updated_at = now() WHERE warning_id = $1`,
        [warningId],
      );
      return;
    }
    const caseId = existing?.case_id ?? caseIdOf(warningId);
    const published = decision.kind === 'raise' || decision.kind === 'escalate' ? decision.grade : null;
    await manager.query(
      `INSERT INTO "risk"."warning" AS w (warning_id, rule_code, rule_version, subject_kind, subject, subject_masked,
         enterprise_code, grade, published_grade, score, window_from, window_to, evidence, notice, case_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (warning_id) DO UPDATE SET enterprise_code = EXCLUDED.enterprise_code, grade = EXCLUDED.grade,
         published_grade = COALESCE(EXCLUDED.published_grade, w.published_grade), score = EXCLUDED.score,
         window_from = EXCLUDED.window_from, window_to = EXCLUDED.window_to, evidence = EXCLUDED.evidence,
         notice = EXCLUDED.notice, updated_at = now()`,
      [
        warningId,
        rule.code,
        rule.version,
        o.subjectKind,
        o.subject,
        o.subjectMasked.slice(0, 200),
        finding.enterpriseCode,
        finding.grade,
        published,
        finding.score,
        finding.windowFrom,
        finding.windowTo,
        JSON.stringify(finding.evidence),
        finding.notice ? JSON.stringify(finding.notice) : null,
        caseId,
      ],
    );
    if (decision.kind === 'update') return;
    const reason = reasonOf(rule, finding);
    await this.publisher.publish(
      manager,
      Topics.RiskWarningRaised,
      {
        warningId,
        caseId,
        ruleCode: rule.code,
        ruleVersion: rule.version,
        grade: decision.grade,
        subjectKind: o.subjectKind,
        subject: o.subject,
        subjectMasked: o.subjectMasked.slice(0, 200),
        enterpriseCode: finding.enterpriseCode,
        count: finding.score,
        windowFrom: finding.windowFrom,
        windowTo: finding.windowTo,
        evidence: finding.evidence.slice(0, 200),
        reason,
        raisedAt: new Date().toISOString(),
      },
      cause,
    );
    if (decision.kind === 'raise') {
      await this.cases.open(
        manager,
        {
          case_id: caseId,
          warning_id: warningId,
          rule_code: rule.code,
          rule_version: rule.version,
          enterprise_code: finding.enterpriseCode,
          grade: decision.grade,
        },
        { action: 'opened', actor: SERVICE_ACTOR, reason },
        cause,
      );
      return;
    }
    const row = await this.cases.lock(manager, caseId);
    if (!row || row.status === 'reviewed') return;
    await this.cases.append(
      manager,
      { ...row, grade: decision.grade },
      { action: 'escalated', actor: SERVICE_ACTOR, reason },
      cause,
    );
  }
}
