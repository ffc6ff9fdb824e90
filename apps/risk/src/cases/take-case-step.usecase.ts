import { createHash } from 'node:crypto';

import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import {
  cebReturnTime,
  type CebMessageType,
  type RiskCaseOutcome,
  type RiskGrade,
  Topics,
} from '@swx/contracts';
import { type Causation, EventPublisher } from '@swx/messaging';

import { CaseRepository, type CaseRow } from './case-repository';
import { type CaseAction, type Disposal, takeStep } from './case-machine';

/**
 * The receipt status of a risk notice on the enterprise's document (风险提示): negative like the business codes, not a
 * CEB status, and short enough for the gateway's receipt store (4 characters).
 */
export const RISK_NOTICE_STATUS = '-901';

export interface CaseStepCommand {
  action: CaseAction;
  actor: string;
  reason: string;
  clientId: string;
  grade?: RiskGrade;
  agency?: string;
  disposals?: Disposal[];
  orderNos?: string[];
  outcome?: RiskCaseOutcome;
}

interface WarningOfCase {
  evidence: string[];
  notice: { messageId: string; documentType: string; orderNo?: string } | null;
}

const stableId = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 40);

/**
 * One step a named regulator takes on a case, with its effects in the same transaction: a notice to the
 * enterprise (a receipt on its document, reaching its feed and webhooks through the gateway), inspection
 * requests to customs, and the credit fact (`RiskCaseConcluded`) when the case closes.
 */
@Injectable()
export class TakeCaseStep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly publisher: EventPublisher,
  ) {}

  execute(caseId: string, command: CaseStepCommand, authorise: (row: CaseRow) => void): Promise<CaseRow> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.cases.lock(manager, caseId);
      if (!row) throw new NotFoundException(`no risk case ${caseId}`);
      authorise(row);
      const result = takeStep(
        { status: row.status, grade: row.grade, agency: row.agency, outcome: row.outcome },
        command,
      );
      if (!result.ok) throw new ConflictException(result.conflict);
      const cause: Causation = { correlationId: `risk-case-${caseId}` };
      const details: Record<string, unknown> = {};
      const warning = await this.warningOf(manager, row.warning_id);
      for (const disposal of result.disposals) {
        if (disposal === 'notice') details.notice = await this.notice(manager, row, warning, command, cause);
        if (disposal === 'inspection')
          details.inspection = await this.inspection(manager, row, warning, command, cause);
      }
      const next = await this.cases.append(
        manager,
        { ...row, ...result.next },
        {
          action: command.action === 'dispose' ? `dispose:${result.disposals.join('+')}` : command.action,
          actor: command.actor,
          reason: command.reason,
          clientId: command.clientId,
          details,
        },
        cause,
      );
      if (result.concluded) {
        await this.publisher.publish(
          manager,
          Topics.RiskCaseConcluded,
          {
            caseId,
            enterpriseCode: row.enterprise_code,
            ruleCode: row.rule_code,
            grade: next.grade,
            outcome: next.outcome ?? 'falsePositive',
            concludedAt: new Date().toISOString(),
            reason: command.reason,
          },
          cause,
        );
      }
      return next;
    });
  }

  private async warningOf(manager: EntityManager, warningId: string): Promise<WarningOfCase> {
    const rows: WarningOfCase[] = await manager.query(
      `SELECT evidence, notice FROM "risk"."warning" WHERE warning_id = $1`,
      [warningId],
    );
    return rows[0] ?? { evidence: [], notice: null };
  }

  private async notice(
    manager: EntityManager,
    row: CaseRow,
    warning: WarningOfCase,
    command: CaseStepCommand,
    cause: Causation,
  ): Promise<object> {
    if (!warning.notice)
      throw new ConflictException('the case names no document of the enterprise to attach a notice to');
    const info =
      `[Code:${RISK_NOTICE_STATUS};Desc:风险提示 ${row.rule_code} (${row.grade}): ${command.reason}. ` +
      `Case ${row.case_id}; to appeal, answer the case through the single window's regulator contact]`;
    await this.publisher.publish(
      manager,
      Topics.RiskNoticeIssued,
      {
        messageId: warning.notice.messageId,
        documentType: warning.notice.documentType as CebMessageType,
        ...(warning.notice.orderNo ? { orderNo: warning.notice.orderNo } : {}),
        ebpCode: row.enterprise_code,
        returnStatus: RISK_NOTICE_STATUS,
        returnTime: cebReturnTime(),
        returnInfo: info.slice(0, 1000),
      },
      cause,
    );
    return { messageId: warning.notice.messageId };
  }

  private async inspection(
    manager: EntityManager,
    row: CaseRow,
    warning: WarningOfCase,
    command: CaseStepCommand,
    cause: Causation,
  ): Promise<object> {
    const candidates = command.orderNos?.length ? command.orderNos : warning.evidence;
    // Orders of the warning, or of the case's enterprise: a case is no way to inspect anyone's lists.
    const known: { order_no: string }[] = await manager.query(
      `SELECT order_no FROM "risk"."order_fact"
       WHERE order_no = ANY($1) AND "order" IS NOT NULL AND (order_no = ANY($2) OR "order"->>'ebpCode' = $3)
       ORDER BY order_no`,
      [candidates, warning.evidence, row.enterprise_code],
    );
    if (known.length === 0)
      throw new ConflictException(
        'none of the orders named is an import order of the warning or of the case’s enterprise',
      );
    const requestedAt = new Date().toISOString();
    await this.publisher.publishAll(
      manager,
      Topics.RiskInspectionRequested,
      known.map((k) => ({
        requestId: stableId(row.case_id, k.order_no),
        caseId: row.case_id,
        orderNo: k.order_no,
        ruleCode: row.rule_code,
        requestedBy: command.actor,
        reason: command.reason,
        requestedAt,
      })),
      cause,
    );
    return { orderNos: known.map((k) => k.order_no) };
  }
}
