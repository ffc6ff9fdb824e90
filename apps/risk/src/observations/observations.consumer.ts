import { Controller } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  type ForexVerificationAnomaly,
  type ImportOrderAccepted,
  type LogisticsAnomaly,
  type MatchResultDecided,
  type MessageEnvelope,
  type PayloadOf,
  type TaxBillIssued,
  type TaxBillStatusChanged,
  Topics,
} from '@swx/contracts';
import { ConsumeTopic } from '@swx/messaging';

import { RecordObservations } from './record-observations.usecase';

/**
 * Observations lock rows shared across partitions (a buyer's or an address's warning, orders joined with their
 * payments): one lock group, so two chunks of one instance never take them in opposite orders.
 */
const RISK_STATE = 'risk-state';

@Controller()
export class ObservationsConsumer {
  constructor(private readonly record: RecordObservations) {}

  @ConsumeTopic(Topics.ImportOrderAccepted, { exclusive: RISK_STATE })
  onOrder(envelope: MessageEnvelope<ImportOrderAccepted>, manager: EntityManager): Promise<void> {
    return this.record.order(envelope, manager);
  }

  @ConsumeTopic(Topics.ImportPaymentAccepted, { exclusive: RISK_STATE })
  onPayment(
    envelope: MessageEnvelope<PayloadOf<typeof Topics.ImportPaymentAccepted>>,
    manager: EntityManager,
  ): Promise<void> {
    return this.record.payment(envelope, manager);
  }

  @ConsumeTopic(Topics.ImportInventoryAccepted, { exclusive: RISK_STATE })
  onInventory(
    envelope: MessageEnvelope<PayloadOf<typeof Topics.ImportInventoryAccepted>>,
    manager: EntityManager,
  ): Promise<void> {
    return this.record.inventory(envelope, manager);
  }

  @ConsumeTopic(Topics.TaxBillIssued, { exclusive: RISK_STATE })
  onBillIssued(envelope: MessageEnvelope<TaxBillIssued>, manager: EntityManager): Promise<void> {
    return this.record.billIssued(envelope, manager);
  }

  @ConsumeTopic(Topics.TaxBillStatusChanged, { exclusive: RISK_STATE })
  onBillStatusChanged(
    envelope: MessageEnvelope<TaxBillStatusChanged>,
    manager: EntityManager,
  ): Promise<void> {
    return this.record.billStatusChanged(envelope, manager);
  }

  @ConsumeTopic(Topics.MatchResultDecided, { exclusive: RISK_STATE })
  onMatch(envelope: MessageEnvelope<MatchResultDecided>, manager: EntityManager): Promise<void> {
    return this.record.match(envelope, manager);
  }

  @ConsumeTopic(Topics.ForexVerificationAnomaly, { exclusive: RISK_STATE })
  onForexAnomaly(envelope: MessageEnvelope<ForexVerificationAnomaly>, manager: EntityManager): Promise<void> {
    return this.record.anomaly('forexAnomaly', envelope, manager);
  }

  @ConsumeTopic(Topics.LogisticsAnomalyReported, { exclusive: RISK_STATE })
  onLogisticsAnomaly(envelope: MessageEnvelope<LogisticsAnomaly>, manager: EntityManager): Promise<void> {
    return this.record.anomaly('logisticsAnomaly', envelope, manager);
  }
}
