import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { type AnomalyStatus, Topics } from '@swx/contracts';
import { type Cause, EventPublisher } from '@swx/messaging';

import { chinaIso } from '../timeline/timeline';
import {
  type AnomalyFinding,
  anomalyIdOf,
  AnomalyKinds,
  scannedAfterRelease,
  type WaybillState,
} from './anomaly-rules';

/** The channel that wakes every instance's no-scan timer when a due time is written. */
export const SCAN_DUE_CHANNEL = 'logistics_scan_due';

/**
 * The anomalies as last published, so each is published when it turns (detected, or withdrawn when its cause
 * is reversed) and only then: the callers hold the waybill's row lock, and the anomaly id is stable, so a
 * redelivery or a second instance publishes nothing twice.
 */
@Injectable()
export class AnomalyLedger {
  constructor(private readonly publisher: EventPublisher) {}

  async settle(
    manager: EntityManager,
    cause: Cause,
    enterpriseCode: string,
    logisticsNo: string,
    findings: AnomalyFinding[],
  ): Promise<void> {
    const ids = findings.map((f) => f.anomalyId);
    const rows: { anomaly_id: string; status: AnomalyStatus }[] = await manager.query(
      `SELECT anomaly_id, status FROM "logistics"."anomaly" WHERE anomaly_id = ANY($1)`,
      [ids],
    );
    const known = new Map(rows.map((r) => [r.anomaly_id, r.status]));
    for (const finding of findings) {
      const was = known.get(finding.anomalyId);
      if (finding.holds && was !== 'detected') {
        await this.turn(manager, cause, enterpriseCode, logisticsNo, finding, 'detected');
      } else if (!finding.holds && was === 'detected') {
        await this.turn(manager, cause, enterpriseCode, logisticsNo, finding, 'withdrawn');
      }
    }
  }

  /**
   * The no-scan rule on a locked waybill: released and not scanned since → a due time (release + window);
   * scanned since → no due time, and a detected anomaly is withdrawn (the late scan).
   */
  async scheduleNoScan(
    manager: EntityManager,
    cause: Cause,
    enterpriseCode: string,
    state: WaybillState,
    windowSeconds: number,
  ): Promise<void> {
    if (state.releasedAt === undefined) return;
    if (scannedAfterRelease(state)) {
      await manager.query(`DELETE FROM "logistics"."scan_due" WHERE logistics_no = $1`, [state.logisticsNo]);
      await this.settle(manager, cause, enterpriseCode, state.logisticsNo, [noScanFinding(state, false)]);
      return;
    }
    const [existing] = (await manager.query(
      `SELECT 1 FROM "logistics"."anomaly" WHERE anomaly_id = $1 AND status = 'detected'`,
      [anomalyIdOf(AnomalyKinds.NoScanAfterRelease, state.logisticsNo)],
    )) as unknown[];
    if (existing) return;
    const dueAt = new Date(state.releasedAt + windowSeconds * 1000);
    const changed: unknown[] = await manager.query(
      `INSERT INTO "logistics"."scan_due" (logistics_no, due_at) VALUES ($1, $2)
       ON CONFLICT (logistics_no) DO UPDATE SET due_at = EXCLUDED.due_at
         WHERE "logistics"."scan_due".due_at <> EXCLUDED.due_at
       RETURNING 1`,
      [state.logisticsNo, dueAt],
    );
    if (changed.length) await manager.query(`SELECT pg_notify($1, '')`, [SCAN_DUE_CHANNEL]);
  }

  /** The no-scan anomaly of a waybill whose due time passed with no scan (the timer calls this, row locked). */
  async noScanDue(manager: EntityManager, cause: Cause, enterpriseCode: string, state: WaybillState) {
    await this.settle(manager, cause, enterpriseCode, state.logisticsNo, [
      noScanFinding(state, !scannedAfterRelease(state)),
    ]);
  }

  private async turn(
    manager: EntityManager,
    cause: Cause,
    enterpriseCode: string,
    logisticsNo: string,
    finding: AnomalyFinding,
    status: AnomalyStatus,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO "logistics"."anomaly" (anomaly_id, enterprise_code, kind, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (anomaly_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
      [finding.anomalyId, enterpriseCode, finding.kind, status],
    );
    await this.publisher.publish(
      manager,
      Topics.LogisticsAnomalyReported,
      {
        anomalyId: finding.anomalyId,
        status,
        enterpriseCode,
        kind: finding.kind,
        severity: finding.severity,
        occurredAt: chinaIso(finding.at ?? Date.now()),
        reason: status === 'withdrawn' ? `Withdrawn: ${finding.reason}` : finding.reason,
        evidence: [logisticsNo],
      },
      cause,
    );
  }
}

function noScanFinding(state: WaybillState, holds: boolean): AnomalyFinding {
  return {
    anomalyId: anomalyIdOf(AnomalyKinds.NoScanAfterRelease, state.logisticsNo),
    kind: AnomalyKinds.NoScanAfterRelease,
    holds,
    severity: 'medium',
    reason: `No carrier scan of waybill ${state.logisticsNo} after its release`,
    ...(state.releasedAt !== undefined ? { at: state.releasedAt } : {}),
  };
}
