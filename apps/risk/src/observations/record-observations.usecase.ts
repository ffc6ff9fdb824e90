import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  type AnomalyReported,
  dec,
  type DocumentAccepted,
  type ImportInventory,
  type ImportOrder,
  type ImportPayment,
  type MatchResultDecided,
  type MessageEnvelope,
  orderNoOfIdentity,
  type TaxBillIssued,
  type TaxBillStatusChanged,
} from '@swx/contracts';
import { causationOf } from '@swx/messaging';

import { WarningStore } from '../warnings/warning-store';
import {
  anomalyObservation,
  joinedObservations,
  mergeFacts,
  observationsOfInventory,
  observationsOfOrder,
  orderFactsOf,
  type OrderFactsRow,
  paymentFactsOf,
} from './extract';

/** Turns each consumed document or outcome into observations and lets the warning store evaluate them. */
@Injectable()
export class RecordObservations {
  constructor(private readonly store: WarningStore) {}

  async order(
    envelope: MessageEnvelope<DocumentAccepted<ImportOrder>>,
    manager: EntityManager,
  ): Promise<void> {
    const joined = await this.join(manager, envelope.payload.document.OrderHead.orderNo, {
      order: orderFactsOf(envelope.payload),
    });
    await this.store.record(
      manager,
      [...observationsOfOrder(envelope.payload), ...joined],
      causationOf(envelope),
    );
  }

  async payment(
    envelope: MessageEnvelope<DocumentAccepted<ImportPayment>>,
    manager: EntityManager,
  ): Promise<void> {
    if (envelope.payload.document.PaymentHead.appType === '3') return;
    const joined = await this.join(manager, envelope.payload.document.PaymentHead.orderNo, {
      payment: paymentFactsOf(envelope.payload),
    });
    await this.store.record(manager, joined, causationOf(envelope));
  }

  async match(envelope: MessageEnvelope<MatchResultDecided>, manager: EntityManager): Promise<void> {
    const r = envelope.payload;
    if (r.flow !== 'import') return;
    const joined = await this.join(manager, r.caseKey, {
      match: { outcome: r.outcome, decidedAt: r.decidedAt },
    });
    await this.store.record(manager, joined, causationOf(envelope));
  }

  async inventory(
    envelope: MessageEnvelope<DocumentAccepted<ImportInventory>>,
    manager: EntityManager,
  ): Promise<void> {
    await this.store.record(manager, observationsOfInventory(envelope.payload), causationOf(envelope));
  }

  async billIssued(envelope: MessageEnvelope<TaxBillIssued>, manager: EntityManager): Promise<void> {
    const bill = envelope.payload;
    const dutiable = bill.lines.reduce((sum, line) => sum.plus(line.taxPrice), dec(0)).toFixed(2);
    const joined = await this.join(manager, orderNoOfIdentity(bill.listIdentity), {
      bill: { dutiable, void: bill.status === '3' },
    });
    await this.store.record(manager, joined, causationOf(envelope));
  }

  async billStatusChanged(
    envelope: MessageEnvelope<TaxBillStatusChanged>,
    manager: EntityManager,
  ): Promise<void> {
    if (envelope.payload.status !== '3') return;
    const joined = await this.join(manager, orderNoOfIdentity(envelope.payload.listIdentity), {
      bill: { void: true },
    });
    await this.store.record(manager, joined, causationOf(envelope));
  }

  async anomaly(
    stream: 'forexAnomaly' | 'logisticsAnomaly',
    envelope: MessageEnvelope<AnomalyReported>,
    manager: EntityManager,
  ): Promise<void> {
    await this.store.record(manager, [anomalyObservation(stream, envelope.payload)], causationOf(envelope));
  }

  /** Merges a part into the order's row (locked) and returns the observations the joined parts give. */
  private async join(manager: EntityManager, orderNo: string, part: OrderFactsRow) {
    await manager.query(
      `INSERT INTO "risk"."order_fact" (order_no) VALUES ($1) ON CONFLICT (order_no) DO NOTHING`,
      [orderNo],
    );
    const rows: {
      order: OrderFactsRow['order'] | null;
      payment: OrderFactsRow['payment'] | null;
      match: OrderFactsRow['match'] | null;
      bill: OrderFactsRow['bill'] | null;
    }[] = await manager.query(
      `SELECT "order", payment, match, bill FROM "risk"."order_fact" WHERE order_no = $1 FOR UPDATE`,
      [orderNo],
    );
    const current: OrderFactsRow = {
      ...(rows[0]?.order ? { order: rows[0].order } : {}),
      ...(rows[0]?.payment ? { payment: rows[0].payment } : {}),
      ...(rows[0]?.match ? { match: rows[0].match } : {}),
      ...(rows[0]?.bill ? { bill: rows[0].bill } : {}),
    };
    const merged = mergeFacts(current, part);
    await manager.query(
      `UPDATE "risk"."order_fact" SET "order" = $2, payment = $3, match = $4, bill = $5 WHERE order_no = $1`,
      [
        orderNo,
        merged.order ? JSON.stringify(merged.order) : null,
        merged.payment ? JSON.stringify(merged.payment) : null,
        merged.match ? JSON.stringify(merged.match) : null,
        merged.bill ? JSON.stringify(merged.bill) : null,
      ],
    );
    return joinedObservations(merged);
  }
}
