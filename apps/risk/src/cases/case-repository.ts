import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { type RiskCaseStatus, type RiskGrade, Topics } from '@swx/contracts';
import { type Causation, EventPublisher } from '@swx/messaging';

export interface CaseRow {
  case_id: string;
  warning_id: string;
  rule_code: string;
  rule_version: number;
  enterprise_code: string;
  grade: RiskGrade;
  status: RiskCaseStatus;
  agency: string | null;
  outcome: 'confirmed' | 'falsePositive' | null;
  step: number;
  opened_at: Date;
  updated_at: Date;
}

export interface CaseStep {
  action: string;
  actor: string;
  reason: string;
  clientId?: string;
  details?: object;
}

/** The SQL of risk cases and their audit trail; every step is also published as `RiskCaseChanged`. */
@Injectable()
export class CaseRepository {
  constructor(private readonly publisher: EventPublisher) {}

  async lock(manager: EntityManager, caseId: string): Promise<CaseRow | undefined> {
    const rows: CaseRow[] = await manager.query(
      `SELECT * FROM "risk"."risk_case" WHERE case_id = $1 FOR UPDATE`,
      [caseId],
    );
    return rows[0];
  }

  async open(
    manager: EntityManager,
    row: Omit<CaseRow, 'step' | 'opened_at' | 'updated_at' | 'status' | 'agency' | 'outcome'>,
    step: CaseStep,
    cause: Causation,
  ): Promise<void> {
    const opened: CaseRow = {
      ...row,
      status: 'collected',
      agency: null,
      outcome: null,
      step: 0,
      opened_at: new Date(),
      updated_at: new Date(),
    };
    await manager.query(
      `INSERT INTO "risk"."risk_case" (case_id, warning_id, rule_code, rule_version, enterprise_code, grade, status, step)
       VALUES ($1, $2, $3, $4, $5, $6, 'collected', 0)`,
      [row.case_id, row.warning_id, row.rule_code, row.rule_version, row.enterprise_code, row.grade],
    );
    await this.append(manager, opened, step, cause);
  }

  /** Saves the case as changed by a step, writes the step to the audit trail and publishes it. */
  async append(manager: EntityManager, row: CaseRow, step: CaseStep, cause: Causation): Promise<CaseRow> {
    const next = { ...row, step: row.step + 1 };
    await manager.query(
      `UPDATE "risk"."risk_case" SET grade = $2, status = $3, agency = $4, outcome = $5, step = $6, updated_at = now()
       WHERE case_id = $1`,
      [next.case_id, next.grade, next.status, next.agency, next.outcome, next.step],
    );
    await manager.query(
      `INSERT INTO "risk"."case_event" (case_id, step, status, action, actor, client_id, agency, reason, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        next.case_id,
        next.step,
        next.status,
        step.action,
        step.actor,
        step.clientId ?? null,
        next.agency,
        step.reason,
        JSON.stringify(step.details ?? {}),
      ],
    );
    await this.publisher.publish(
      manager,
      Topics.RiskCaseChanged,
      {
        caseId: next.case_id,
        step: next.step,
        status: next.status,
        action: step.action,
        enterpriseCode: next.enterprise_code,
        ruleCode: next.rule_code,
        grade: next.grade,
        ...(next.agency ? { agency: next.agency } : {}),
        actor: step.actor,
        reason: step.reason,
        occurredAt: new Date().toISOString(),
      },
      cause,
    );
    return next;
  }
}
