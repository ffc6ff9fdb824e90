import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  ClearanceStatusChanged,
  type DocumentAccepted,
  type ExportDeparture,
  type ExportInventory,
  type ExportOrder,
  type ExportReceipt,
  type ExportRefund,
  type ImportInventory,
  type ImportPayment,
  type ImportRefund,
  MessageEnvelope,
  money,
  sum,
  Topics,
} from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';

import { cebTimeToDate } from '../rates/china-time';
import { remaining } from '../settlements/reconcile';
import { assess } from './authenticity';
import { balanceOf, recordedEvent, transactionIdOf, TransactionStore } from './transaction-store';

type Accepted<T extends object> = MessageEnvelope<DocumentAccepted<T>>;

/** An export list's customs number (清单编号), as customs names a list once it has one. */
const INVT_NO = /^\d{8}E\d{9}$/;

/**
 * Serialises the handlers that meet on one join key (a list's message id, a waybill, an invtNo, an order), across
 * instances: a clearance event and its list, a departure and its list, a return and its release each read what
 * the other wrote, so the second waits for the first to commit and sees it (transaction-scoped advisory locks,
 * taken in sorted order).
 */
async function lockKeys(manager: EntityManager, keys: string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort())
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`forex:${key}`]);
}

const pricesOf = (lines: { gnum: number; price: string }[]): Record<string, string> =>
  Object.fromEntries(lines.map((l) => [String(l.gnum), l.price]));

/**
 * Assembles transaction e-information from the accepted documents and customs' clearance events, in any
 * arrival order: each document fills its part of the record, then the record is re-assessed and, once
 * recordable, published (a new version whenever what banks see changes).
 */
@Injectable()
export class RecordDocuments {
  constructor(
    private readonly store: TransactionStore,
    private readonly publisher: EventPublisher,
  ) {}

  async exportOrder(envelope: Accepted<ExportOrder>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.OrderHead;
    const id = await this.store.merge(manager, 'export', h.ebpCode, h.orderNo, {
      enterprise_code: h.ebcCode,
      enterprise_name: h.ebcName,
      order_message_id: envelope.payload.messageId,
      order_amount: h.goodsValue,
      order_freight: h.freight,
      order_currency: h.currency,
    });
    await this.refresh(manager, [id], envelope);
  }

  async exportReceipt(envelope: Accepted<ExportReceipt>, manager: EntityManager): Promise<void> {
    const r = envelope.payload.document.Receipts;
    const id = await this.store.merge(manager, 'export', r.ebpCode, r.orderNo, {
      enterprise_code: r.ebcCode,
      enterprise_name: r.ebcName,
      receipt_message_id: envelope.payload.messageId,
      receipt_amount: r.charge,
      receipt_currency: r.currency,
      payer_name: r.payName,
      ...(r.payNo ? { pay_no: r.payNo } : {}),
    });
    await this.refresh(manager, [id], envelope);
  }

  async exportList(envelope: Accepted<ExportInventory>, manager: EntityManager): Promise<void> {
    const list = envelope.payload.document;
    const h = list.InventoryHead;
    await lockKeys(manager, [
      `list:${envelope.payload.messageId}`,
      `waybill:${h.logisticsNo}`,
      ...(h.invtNo ? [`invt:${h.invtNo}`] : []),
    ]);
    const id = await this.store.merge(manager, 'export', h.ebpCode, h.orderNo, {
      enterprise_code: h.ebcCode,
      enterprise_name: h.ebcName,
      list_message_id: envelope.payload.messageId,
      list_amount: money(sum(list.InventoryList.map((l) => l.totalPrice))),
      list_currency: list.InventoryList[0]?.currency ?? null,
      list_lines: pricesOf(list.InventoryList),
      trade_mode: h.tradeMode,
      country: h.country,
      list_cop_no: h.copNo,
      logistics_no: h.logisticsNo,
      ...(h.invtNo ? { invt_no: h.invtNo } : {}),
    });
    await this.refresh(manager, [id], envelope);
  }

  async exportDeparture(envelope: Accepted<ExportDeparture>, manager: EntityManager): Promise<void> {
    const d = envelope.payload.document;
    const logisticsNos = d.DepartureList.map((l) => l.logisticsNo);
    await lockKeys(
      manager,
      logisticsNos.map((n) => `waybill:${n}`),
    );
    for (const logisticsNo of logisticsNos) {
      await manager.query(
        `INSERT INTO "forex"."export_departure" (logistics_no, message_id, cop_no, leave_time)
         VALUES ($1, $2, $3, $4) ON CONFLICT (logistics_no) DO NOTHING`,
        [
          logisticsNo,
          envelope.payload.messageId,
          d.DepartureHead.copNo,
          cebTimeToDate(d.DepartureHead.leaveTime),
        ],
      );
    }
    await this.refresh(manager, await this.store.idsByLogisticsNo(manager, logisticsNos), envelope);
  }

  async exportReturn(envelope: Accepted<ExportRefund>, manager: EntityManager): Promise<void> {
    const r = envelope.payload.document;
    await lockKeys(manager, [`invt:${r.InvtRefundHead.invtNo}`]);
    await manager.query(
      `INSERT INTO "forex"."fx_return" (message_id, flow, ebp_code, invt_no, lines)
       VALUES ($1, 'export', $2, $3, $4) ON CONFLICT DO NOTHING`,
      [
        envelope.payload.messageId,
        r.InvtRefundHead.ebpCode,
        r.InvtRefundHead.invtNo,
        JSON.stringify(r.InvtRefundList.map((l) => ({ gnum: l.gnum, qty: l.qty }))),
      ],
    );
    await this.refresh(manager, await this.store.idsByInvtNo(manager, r.InvtRefundHead.invtNo), envelope);
  }

  async importPayment(envelope: Accepted<ImportPayment>, manager: EntityManager): Promise<void> {
    const p = envelope.payload.document.PaymentHead;
    const id = await this.store.merge(manager, 'import', p.ebpCode, p.orderNo, {
      receipt_message_id: envelope.payload.messageId,
      receipt_amount: p.amountPaid,
      receipt_currency: p.currency,
      payer_name: p.payName,
      pay_no: p.payTransactionId,
    });
    await this.refresh(manager, [id], envelope);
  }

  async importList(envelope: Accepted<ImportInventory>, manager: EntityManager): Promise<void> {
    const list = envelope.payload.document;
    const h = list.InventoryHead;
    await lockKeys(manager, [`list:${envelope.payload.messageId}`, `order:${h.orderNo}`]);
    const id = await this.store.merge(manager, 'import', h.ebpCode, h.orderNo, {
      enterprise_code: h.ebcCode,
      enterprise_name: h.ebcName,
      list_message_id: envelope.payload.messageId,
      list_amount: money(sum(list.InventoryList.map((l) => l.totalPrice))),
      list_currency: h.currency,
      list_lines: pricesOf(list.InventoryList),
      trade_mode: h.tradeMode,
      country: h.country,
      list_cop_no: h.copNo,
      logistics_no: h.logisticsNo,
      ...(h.invtNo ? { invt_no: h.invtNo } : {}),
    });
    await this.refresh(manager, [id], envelope);
  }

  async importReturn(envelope: Accepted<ImportRefund>, manager: EntityManager): Promise<void> {
    const h = envelope.payload.document.InvtRefundHead;
    await lockKeys(manager, [`order:${h.orderNo}`]);
    await manager.query(
      `INSERT INTO "forex"."fx_return" (message_id, flow, ebp_code, order_no, invt_no, lines)
       VALUES ($1, 'import', $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [
        envelope.payload.messageId,
        h.ebpCode,
        h.orderNo,
        h.invtNo,
        JSON.stringify(envelope.payload.document.InvtRefundList.map((l) => ({ gnum: l.gnum, qty: l.qty }))),
      ],
    );
    await this.refresh(manager, [transactionIdOf('import', h.ebpCode, h.orderNo)], envelope);
  }

  /** Release, departure (closed 899), cancellation and returns of a list, as customs decides them. */
  async clearance(envelope: MessageEnvelope<ClearanceStatusChanged>, manager: EntityManager): Promise<void> {
    const c = envelope.payload;
    const column = {
      released: 'released_at',
      closed: 'closed_at',
      cancelled: 'cancelled_at',
      returned: 'returned_at',
    }[c.event as 'released' | 'closed' | 'cancelled' | 'returned'];
    const invtNo = c.flow === 'export' && INVT_NO.test(c.listIdentity) ? c.listIdentity : undefined;
    if (!column && !invtNo) return;
    await lockKeys(manager, [
      `list:${c.listMessageId}`,
      ...(c.orderNo ? [`order:${c.orderNo}`] : []),
      ...(invtNo ? [`invt:${invtNo}`] : []),
    ]);
    // Customs names a list by its invtNo once it has one (arrival, departure, returns); returns refer to it.
    if (invtNo) {
      await manager.query(
        `UPDATE "forex"."fx_transaction" SET invt_no = $2 WHERE list_message_id = $1 AND invt_no IS NULL`,
        [c.listMessageId, invtNo],
      );
    }
    if (!column) return;
    await manager.query(
      `INSERT INTO "forex"."list_clearance" (list_message_id, list_identity, ${column}) VALUES ($1, $2, $3)
       ON CONFLICT (list_message_id) DO UPDATE SET ${column} = COALESCE(list_clearance.${column}, $3),
         list_identity = EXCLUDED.list_identity`,
      [c.listMessageId, c.listIdentity, new Date(c.occurredAt)],
    );
    await this.refresh(manager, await this.store.idsByList(manager, c.listMessageId), envelope);
  }

  /** Re-assesses records (locked in id order) and publishes the ones whose bank-visible state changed. */
  async refresh(manager: EntityManager, ids: string[], cause: MessageEnvelope<unknown>): Promise<void> {
    for (const row of await this.store.lockMany(manager, [...new Set(ids)])) {
      const facts = await this.store.factsOf(manager, row);
      const updated = await this.store.writeAssessment(manager, row, assess(facts), facts.departure);
      if (updated?.enterprise_code) {
        await this.publisher.publish(
          manager,
          Topics.ForexTransactionRecorded,
          recordedEvent(updated, money(remaining(balanceOf(updated)))),
          cause,
        );
      }
    }
  }
}
