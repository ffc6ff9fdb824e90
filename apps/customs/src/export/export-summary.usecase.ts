import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  CebStatus,
  type DocumentAccepted,
  type ExportSummaryRequest,
  ExportSummaryResult,
  type MessageEnvelope,
  money,
  sum,
  Topics,
} from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { cebReturnInfo, ReceiptIssuer } from '../shared/receipt-issuer';
import type { RuleFailureEntry } from './export-rules';
import { chinaYear, fromChinaTime, nextNumber } from './export-store';

interface SummarisableRow {
  case_key: string;
  order_no: string;
  invt_no: string;
  list_message_id: string;
  owner_code: string;
  trade_mode: string;
  currency: string;
  goods_value: string;
  gross_weight: string;
  net_weight: string;
  pack_no: number;
}

interface ListStateRow {
  invt_no: string;
  clearance: string;
  statistics_flag: string;
  ebc_code: string;
  agent_code: string;
  customs_code: string;
  sum_no: string | null;
}

/**
 * 汇总申报: a CEB701 request gathers the released and departed (899) summary-declaration lists (statisticsFlag B)
 * of one consignor (ebcCode), declared by the requesting agent at its customs district, either by list number or
 * by departure time in the requested period. The lists are grouped by trade mode (and, with summaryFlag 2, by
 * producer/seller); each group becomes one summary with its own number, published as a CEB792-style result. A
 * list is summarised once: the rows are locked and taken in one transaction.
 */
@Injectable()
export class ExportSummaries {
  constructor(
    private readonly receipts: ReceiptIssuer,
    private readonly publisher: EventPublisher,
  ) {}

  async onRequest(envelope: MessageEnvelope<DocumentAccepted<ExportSummaryRequest>>, manager: EntityManager) {
    const request = envelope.payload.document;
    const head = request.SummaryApplyHead;
    const byPeriod = Boolean(head.startTime && head.endTime);
    const asked = byPeriod ? [] : (request.SummaryApplyList ?? []).map((l) => l.invtNo);
    const selection = byPeriod
      ? {
          sql: 'departed_at BETWEEN $4 AND $5',
          params: [fromChinaTime(head.startTime!), fromChinaTime(head.endTime!)],
        }
      : { sql: 'invt_no = ANY($4)', params: [asked] };
    const rows: SummarisableRow[] = await manager.query(
      `SELECT case_key, order_no, invt_no, list_message_id, owner_code, trade_mode, currency, goods_value::text,
              gross_weight::text, net_weight::text, pack_no
         FROM "customs"."export_case"
        WHERE ebc_code = $1 AND agent_code = $2 AND customs_code = $3 AND ${selection.sql}
          AND clearance = 'closed' AND statistics_flag = 'B' AND sum_no IS NULL
        ORDER BY case_key FOR UPDATE`,
      [head.ebcCode, head.agentCode, head.customsCode, ...selection.params],
    );
    const refusals = await this.refusals(manager, asked, new Set(rows.map((r) => r.invt_no)), head);

    const groups = new Map<string, SummarisableRow[]>();
    for (const row of rows) {
      const group = head.summaryFlag === '2' ? `${row.trade_mode}:${row.owner_code}` : row.trade_mode;
      groups.set(group, [...(groups.get(group) ?? []), row]);
    }
    const done: RuleFailureEntry[] = [];
    for (const members of groups.values()) {
      const sumNo = `${head.customsCode}${chinaYear()}S${await nextNumber(manager, 'export_sum_seq')}`;
      const currencies = [...new Set(members.map((m) => m.currency))].sort();
      const result: ExportSummaryResult = {
        sumNo,
        requestMessageId: envelope.payload.messageId,
        copNo: head.copNo,
        customsCode: head.customsCode,
        agentCode: head.agentCode,
        declAgentCode: head.declAgentCode,
        ebcCode: head.ebcCode,
        ...(head.summaryFlag === '2' ? { ownerCode: members[0].owner_code } : {}),
        summaryFlag: head.summaryFlag,
        tradeMode: members[0].trade_mode,
        ...(byPeriod ? { startTime: head.startTime, endTime: head.endTime } : {}),
        lists: members.map((m) => ({
          invtNo: m.invt_no,
          orderNo: m.order_no,
          listMessageId: m.list_message_id,
          goodsValue: money(m.goods_value),
          currency: m.currency,
        })),
        listCount: members.length,
        totals: currencies.map((currency) => ({
          currency,
          goodsValue: money(sum(members.filter((m) => m.currency === currency).map((m) => m.goods_value))),
        })),
        grossWeight: sum(members.map((m) => m.gross_weight)).toFixed(),
        netWeight: sum(members.map((m) => m.net_weight)).toFixed(),
        packNo: members.reduce((n, m) => n + m.pack_no, 0),
        decidedAt: new Date().toISOString(),
      };
      await manager.query(
        `INSERT INTO "customs"."export_summary" (sum_no, request_message_id, agent_code, ebc_code, owner_code,
           trade_mode, result) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          sumNo,
          result.requestMessageId,
          head.agentCode,
          head.ebcCode,
          result.ownerCode ?? null,
          result.tradeMode,
          JSON.stringify(result),
        ],
      );
      await manager.query(
        `UPDATE "customs"."export_case" SET sum_no = $2, updated_at = now() WHERE case_key = ANY($1)`,
        [members.map((m) => m.case_key), sumNo],
      );
      await this.publisher.publish(manager, Topics.ExportSummaryDecided, result, envelope);
      done.push({ code: '2310', message: `汇总完成，汇总编号 ${sumNo}，清单 ${members.length} 张` });
    }
    if (done.length === 0 && refusals.length === 0) {
      refusals.push({ code: '2312', message: '所选期间内无可汇总的已结关清单' });
    }
    await this.receipts.issue(manager, {
      messageId: envelope.payload.messageId,
      documentType: 'CEB701',
      returnStatus: done.length > 0 ? CebStatus.Concluded : CebStatus.Refused,
      returnInfo: cebReturnInfo([...done, ...refusals]),
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    });
  }

  /** Why each asked list that is not summarised now cannot be. */
  private async refusals(
    manager: EntityManager,
    asked: string[],
    taken: Set<string>,
    head: ExportSummaryRequest['SummaryApplyHead'],
  ): Promise<RuleFailureEntry[]> {
    const missing = asked.filter((no) => !taken.has(no));
    if (missing.length === 0) return [];
    const rows: ListStateRow[] = await manager.query(
      `SELECT invt_no, clearance, statistics_flag, ebc_code, agent_code, customs_code, sum_no
         FROM "customs"."export_case" WHERE invt_no = ANY($1)`,
      [missing],
    );
    const known = new Map(rows.map((r) => [r.invt_no, r]));
    return missing.map((no) => {
      const row = known.get(no);
      const why = !row
        ? '不存在'
        : row.ebc_code !== head.ebcCode ||
            row.agent_code !== head.agentCode ||
            row.customs_code !== head.customsCode
          ? '收发货人、申报企业或申报海关与申请不符'
          : row.sum_no
            ? `已汇总 (${row.sum_no})`
            : row.statistics_flag !== 'B'
              ? '为简化申报清单 (statisticsFlag A)，汇总统计，不汇总申报'
              : '尚未离境结关';
      return { code: '2311', message: `清单 ${no} 不可汇总: ${why}` };
    });
  }
}
