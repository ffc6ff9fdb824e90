import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';

import {
  AssessmentLine,
  AssessmentOutcome,
  ClearanceStatusChanged,
  dec,
  MessageEnvelope,
  money,
  TaxAssessmentCompleted,
  TaxAssessmentRequested,
  Topics,
} from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { TaxBills } from '../bills/tax-bills.service';
import { GuaranteeBalances } from '../guarantee/guarantee-balances';
import { buyerKeyOf } from './buyer';
import { ANNUAL_LIMIT, AssessedList, calculate, SINGLE_LIMIT } from './calculate';
import { chinaDate, RateTables } from './rate-table';

/** What an assessment keeps of its request: no personal data (the buyer is only its key). */
interface StoredRequest {
  declaredAt: string;
  freight: string;
  insuredFee: string;
  lines: AssessmentLine[];
}

export interface AssessmentRow {
  request_id: string;
  list_message_id: string;
  list_identity: string;
  order_no: string;
  ebp_code: string;
  ebc_code: string;
  agent_code: string;
  assure_code: string;
  buyer_key: string;
  quota_year: number;
  state: AssessmentState;
  outcome: AssessmentOutcome;
  code: string | null;
  message: string;
  dutiable_value: string;
  customs_tax: string;
  value_added_tax: string;
  consumption_tax: string;
  tax_total: string;
  lines: AssessedList['lines'];
  request: StoredRequest;
  correlation_id: string;
}

type AssessmentState = 'reserved' | 'committed' | 'cancelled' | 'returned' | 'refused' | 'held';

interface Decision {
  state: AssessmentState;
  outcome: AssessmentOutcome;
  code: string | null;
  message: string;
  result?: AssessedList;
}

const GIVE_BACK_EVENTS = new Set(['cancelled', 'refused', 'timed-out']);

/**
 * Assesses import lists and keeps the buyer's annual quota: reserved at assessment, committed at release,
 * given back on cancel, refusal or timeout, restored on an accepted return. The buyer-year row is locked
 * (`SELECT … FOR UPDATE`) for every change, so concurrent lists of one buyer are decided one after another;
 * the guarantor's account row is locked after it, always in this order.
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly rates: RateTables,
    private readonly publisher: EventPublisher,
    private readonly dataSource: DataSource,
    private readonly bills: TaxBills,
    private readonly balances: GuaranteeBalances,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AssessmentService.name);
  }

  async onRequest(envelope: MessageEnvelope<TaxAssessmentRequested>, manager: EntityManager): Promise<void> {
    const request = envelope.payload;
    const [existing] = await this.lockAssessment(manager, request.requestId);
    if (existing && existing.state !== 'held') {
      // A request seen before (redelivered or re-sent by customs): the same answer again, nothing reserved.
      await this.publish(manager, existing, envelope.id);
      return;
    }
    // The buyer's person token (current key); rows under an older key version's token move to it.
    const key = await buyerKeyOf(manager, request.buyerIdNumber);
    const year = Number(chinaDate(request.declaredAt).slice(0, 4));
    await manager.query(
      `INSERT INTO "tax"."buyer_quota" (buyer_key, year, masked_id) VALUES ($1, $2, $3)
       ON CONFLICT (buyer_key, year) DO NOTHING`,
      [key, year, request.buyerIdNumberMasked],
    );
    const row: AssessmentRow = existing ?? {
      request_id: request.requestId,
      list_message_id: request.listMessageId,
      list_identity: request.listIdentity,
      order_no: request.orderNo,
      ebp_code: request.ebpCode,
      ebc_code: request.ebcCode,
      agent_code: request.agentCode,
      assure_code: request.assureCode,
      buyer_key: key,
      quota_year: year,
      state: 'held',
      outcome: 'guarantee-insufficient',
      code: null,
      message: '',
      dutiable_value: '0',
      customs_tax: '0',
      value_added_tax: '0',
      consumption_tax: '0',
      tax_total: '0',
      lines: [],
      request: {
        declaredAt: request.declaredAt,
        freight: request.freight,
        insuredFee: request.insuredFee,
        lines: request.lines.map((l) => ({ ...l })),
      },
      correlation_id: envelope.correlationId,
    };
    await this.decideAndStore(manager, row, !existing, envelope.id);
  }

  /** Re-assesses the requests held for an insufficient guarantee of `assureCode`, oldest first. */
  async resumeHeld(assureCode: string): Promise<number> {
    const held: { request_id: string }[] = await this.dataSource.query(
      `SELECT request_id FROM "tax"."assessment" WHERE assure_code = $1 AND state = 'held' ORDER BY created_at`,
      [assureCode],
    );
    let assessed = 0;
    for (const { request_id } of held) {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const [row] = await this.lockAssessment(manager, request_id);
        if (!row || row.state !== 'held') return undefined;
        return this.decideAndStore(manager, row, false, undefined);
      });
      if (outcome === 'assessed') assessed++;
      // The guarantee is exhausted again: the rest stay held, in order.
      if (outcome === 'guarantee-insufficient') break;
    }
    return assessed;
  }

  async onClearance(
    envelope: MessageEnvelope<ClearanceStatusChanged>,
    manager: EntityManager,
  ): Promise<void> {
    const change = envelope.payload;
    if (change.flow !== 'import') return;
    const relevant =
      change.event === 'released' || change.event === 'returned' || GIVE_BACK_EVENTS.has(change.event);
    if (!relevant) return;
    const rows: AssessmentRow[] = change.assessmentRequestId
      ? await this.lockAssessment(manager, change.assessmentRequestId)
      : await manager.query(
          `SELECT * FROM "tax"."assessment" WHERE list_message_id = $1
             AND state IN ('reserved', 'committed', 'held') ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
          [change.listMessageId],
        );
    const row = rows[0];
    if (!row) {
      this.logger.warn(
        { listIdentity: change.listIdentity, event: change.event },
        'clearance change for a list without an assessment',
      );
      return;
    }
    const lockQuota = () =>
      manager.query(`SELECT 1 FROM "tax"."buyer_quota" WHERE buyer_key = $1 AND year = $2 FOR UPDATE`, [
        row.buyer_key,
        row.quota_year,
      ]);
    if (change.event === 'released') {
      if (row.state !== 'reserved') {
        if (row.state !== 'committed')
          this.logger.warn(
            { requestId: row.request_id, state: row.state },
            'release of a list that holds no reservation: nothing committed',
          );
        return;
      }
      await lockQuota();
      await manager.query(
        `UPDATE "tax"."buyer_quota" SET reserved = reserved - $3, used = used + $3, updated_at = now()
          WHERE buyer_key = $1 AND year = $2`,
        [row.buyer_key, row.quota_year, row.dutiable_value],
      );
      await this.setState(manager, row.request_id, 'committed');
      await this.bills.issue(manager, row, envelope);
      return;
    }
    if (GIVE_BACK_EVENTS.has(change.event) || (change.event === 'returned' && row.state !== 'committed')) {
      if (row.state === 'reserved') {
        await lockQuota();
        await manager.query(
          `UPDATE "tax"."buyer_quota" SET reserved = reserved - $3, updated_at = now()
            WHERE buyer_key = $1 AND year = $2`,
          [row.buyer_key, row.quota_year, row.dutiable_value],
        );
      }
      if (row.state === 'reserved' || row.state === 'held')
        await this.setState(manager, row.request_id, 'cancelled');
      return;
    }
    // An accepted return after release: the committed amount goes back to the buyer, the bill becomes void.
    await lockQuota();
    await manager.query(
      `UPDATE "tax"."buyer_quota" SET used = GREATEST(used - $3, 0), updated_at = now()
        WHERE buyer_key = $1 AND year = $2`,
      [row.buyer_key, row.quota_year, row.dutiable_value],
    );
    await this.setState(manager, row.request_id, 'returned');
    await this.bills.voidForReturn(manager, row.request_id, change.returnInfo, envelope);
  }

  private lockAssessment(manager: EntityManager, requestId: string): Promise<AssessmentRow[]> {
    return manager.query(`SELECT * FROM "tax"."assessment" WHERE request_id = $1 FOR UPDATE`, [requestId]);
  }

  private async setState(manager: EntityManager, requestId: string, state: AssessmentState): Promise<void> {
    await manager.query(
      `UPDATE "tax"."assessment" SET state = $2, updated_at = now() WHERE request_id = $1`,
      [requestId, state],
    );
  }

  private async decideAndStore(
    manager: EntityManager,
    row: AssessmentRow,
    isNew: boolean,
    causationId: string | undefined,
  ): Promise<AssessmentOutcome> {
    const [quota]: { used: string; reserved: string }[] = await manager.query(
      `SELECT used::text, reserved::text FROM "tax"."buyer_quota" WHERE buyer_key = $1 AND year = $2 FOR UPDATE`,
      [row.buyer_key, row.quota_year],
    );
    const decision = await this.decide(manager, row, quota);
    const result = decision.result;
    Object.assign(row, {
      state: decision.state,
      outcome: decision.outcome,
      code: decision.code,
      message: decision.message,
      ...(result
        ? {
            rate_version: result.rateVersion,
            dutiable_value: result.dutiableValue,
            customs_tax: result.customsTax,
            value_added_tax: result.valueAddedTax,
            consumption_tax: result.consumptionTax,
            tax_total: result.taxTotal,
            lines: result.lines,
          }
        : {}),
    });
    if (decision.state === 'reserved') {
      await manager.query(
        `UPDATE "tax"."buyer_quota" SET reserved = reserved + $3, updated_at = now() WHERE buyer_key = $1 AND year = $2`,
        [row.buyer_key, row.quota_year, row.dutiable_value],
      );
    }
    const values = [
      row.request_id,
      row.state,
      row.outcome,
      row.code,
      row.message,
      result?.rateVersion ?? null,
      row.dutiable_value,
      row.customs_tax,
      row.value_added_tax,
      row.consumption_tax,
      row.tax_total,
      JSON.stringify(row.lines),
    ];
    if (isNew) {
      await manager.query(
        `INSERT INTO "tax"."assessment" (request_id, state, outcome, code, message, rate_version, dutiable_value,
           customs_tax, value_added_tax, consumption_tax, tax_total, lines, list_message_id, list_identity,
           order_no, ebp_code, ebc_code, agent_code, assure_code, buyer_key, quota_year, declared_at, request,
           correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
           $22, $23, $24)`,
        [
          ...values,
          row.list_message_id,
          row.list_identity,
          row.order_no,
          row.ebp_code,
          row.ebc_code,
          row.agent_code,
          row.assure_code,
          row.buyer_key,
          row.quota_year,
          row.request.declaredAt,
          JSON.stringify(row.request),
          row.correlation_id,
        ],
      );
    } else {
      await manager.query(
        `UPDATE "tax"."assessment" SET state = $2, outcome = $3, code = $4, message = $5, rate_version = $6,
           dutiable_value = $7, customs_tax = $8, value_added_tax = $9, consumption_tax = $10, tax_total = $11,
           lines = $12, updated_at = now() WHERE request_id = $1`,
        values,
      );
    }
    await this.publish(manager, row, causationId);
    return row.outcome;
  }

  private async decide(
    manager: EntityManager,
    row: AssessmentRow,
    quota: { used: string; reserved: string },
  ): Promise<Decision> {
    const calculation = calculate(this.rates, row.request, chinaDate(row.request.declaredAt));
    if (!calculation.ok) {
      return { state: 'refused', outcome: 'not-assessable', code: null, message: calculation.message };
    }
    const result = calculation.result;
    const value = dec(result.dutiableValue);
    if (value.gt(SINGLE_LIMIT)) {
      return {
        state: 'refused',
        outcome: 'single-limit-exceeded',
        code: '-621005',
        message: `清单完税价格[${money(value)}]超过单次交易限值[${money(SINGLE_LIMIT)}]`,
        result,
      };
    }
    const taken = dec(quota.used).plus(quota.reserved);
    if (taken.plus(value).gt(ANNUAL_LIMIT)) {
      return {
        state: 'refused',
        outcome: 'annual-quota-exceeded',
        code: '-621018',
        message: `清单中购买人已用购买额度为[${money(taken)}]，本次购买将超过年度限额[${money(ANNUAL_LIMIT)}]`,
        result,
      };
    }
    const balance = await this.balances.lockAndRead(manager, row.assure_code);
    if (!balance || dec(balance.available).lt(result.taxTotal)) {
      return {
        state: 'held',
        outcome: 'guarantee-insufficient',
        code: null,
        message: balance
          ? `担保企业[${row.assure_code}]担保余额[${money(balance.available)}]不足以担保本清单税款[${result.taxTotal}]`
          : `担保企业[${row.assure_code}]没有税款担保账户`,
        result,
      };
    }
    return { state: 'reserved', outcome: 'assessed', code: null, message: '已计税', result };
  }

  private async publish(manager: EntityManager, row: AssessmentRow, causationId: string | undefined) {
    const payload: TaxAssessmentCompleted = {
      requestId: row.request_id,
      listMessageId: row.list_message_id,
      listIdentity: row.list_identity,
      outcome: row.outcome,
      assureCode: row.assure_code,
      ...(row.code ? { code: row.code } : {}),
      message: row.message,
      dutiableValue: money(row.dutiable_value),
      customsTax: money(row.customs_tax),
      valueAddedTax: money(row.value_added_tax),
      consumptionTax: money(row.consumption_tax),
      taxTotal: money(row.tax_total),
      lines: row.lines.map((l) => ({
        gnum: l.gnum,
        taxPrice: l.taxPrice,
        customsTax: l.customsTax,
        valueAddedTax: l.valueAddedTax,
        consumptionTax: l.consumptionTax,
      })),
    };
    await this.publisher.publish(manager, Topics.TaxAssessmentCompleted, payload, {
      correlationId: row.correlation_id,
      causationId,
    });
  }
}
