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
   * The anomalies of many locked waybills in a fixed number of statements: their last published statuses in one
   * read, each turn published (rare), the no-scan due times deleted and written in one statement each.
   */
  async review(
    manager: EntityManager,
    cause: Cause,
    items: { enterpriseCode: string; state: WaybillState; findings: AnomalyFinding[] }[],
    windowSeconds: number,
  ): Promise<void> {
    const all = items.map((item) => {
      const released = item.state.releasedAt !== undefined;
      const scanned = scannedAfterRelease(item.state);
      return {
        ...item,
        released,
        scanned,
        findings: released && scanned ? [...item.findings, noScanFinding(item.state, false)] : item.findings,
        noScanId: anomalyIdOf(AnomalyKinds.NoScanAfterRelease, item.state.logisticsNo),
      };
    });
    const ids = all.flatMap((i) => [...i.findings.map((f) => f.anomalyId), i.noScanId]);
    const rows: { anomaly_id: string; status: AnomalyStatus }[] = await manager.query(
      `SELECT anomaly_id, status FROM "logistics"."anomaly" WHERE anomaly_id = ANY($1)`,
      [ids],
    );
    const known = new Map(rows.map((r) => [r.anomaly_id, r.status]));
    for (const item of all) {
      for (const finding of item.findings) {
        const was = known.get(finding.anomalyId);
        if (finding.holds && was !== 'detected')
          await this.turn(manager, cause, item.enterpriseCode, item.state.logisticsNo, finding, 'detected');
        else if (!finding.holds && was === 'detected')
          await this.turn(manager, cause, item.enterpriseCode, item.state.logisticsNo, finding, 'withdrawn');
      }
    }
    const done = all.filter((i) => i.released && i.scanned).map((i) => i.state.logisticsNo);
    if (done.length)
      await manager.query(`DELETE FROM "logistics"."scan_due" WHERE logistics_no = ANY($1)`, [done]);
    const due = all.filter((i) => i.released && !i.scanned && known.get(i.noScanId) !== 'detected');
    if (due.length === 0) return;
    const changed: unknown[] = await manager.query(
      `INSERT INTO "logistics"."scan_due" (logistics_no, due_at)
       SELECT * FROM unnest($1::varchar[], $2::timestamptz[])
       ON CONFLICT (logistics_no) DO UPDATE SET due_at = EXCLUDED.due_at
         WHERE "logistics"."scan_due".due_at <> EXCLUDED.due_at
       RETURNING 1`,
      [
        due.map((i) => i.state.logisticsNo),
        due.map((i) => new Date(i.state.releasedAt! + windowSeconds * 1000)),
      ],
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
