import { randomUUID } from 'node:crypto';

import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import { TaxFacts } from '../facts/tax-facts.usecase';
import { expiriesUnderNewModel } from './rate';
import { RateSubjects } from './rate-subjects.usecase';
import { loadScoringModelVersion, type ScoringModel } from './scoring-model';
import { ScoringModelRef } from './scoring-model.provider';

/** setTimeout's limit (about 24.8 days): a later instant is reached in steps. */
const MAX_DELAY_MS = 2_147_483_647;
const BATCH = 200;

/**
 * Ratings change by themselves when a fact expires, a decided entry ends, or a tax bill passes its due date.
 * Nothing polls: one timer is armed for the earliest such instant (read at start, lowered whenever a rating or a
 * bill names an earlier one). When it fires, the due files are rated again (rows locked with SKIP LOCKED, so two
 * instances share the work) and the timer is armed for the next instant.
 */
@Injectable()
export class DueScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private armedFor?: number;
  private pending?: number;
  private running = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rateSubjects: RateSubjects,
    private readonly taxFacts: TaxFacts,
    private readonly modelRef: ScoringModelRef,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DueScheduler.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rerateUnderNewModel();
    await this.rearm();
  }

  /**
   * A new scoring model version re-rates the files rated under another one, at start: the expiries the earlier
   * model computed from its windows are computed again from the current model's, and the rating changes are
   * published as usual. Batches lock their subjects with SKIP LOCKED, so instances starting together share them.
   */
  private async rerateUnderNewModel(): Promise<void> {
    const model = this.modelRef.model;
    const previousModels = new Map<string, ScoringModel | undefined>();
    let total = 0;
    for (;;) {
      const n = await this.dataSource.transaction(async (manager) => {
        const stale: { code: string; model_version: string }[] = await manager.query(
          `SELECT s.code, r.model_version FROM "credit"."rating" r JOIN "credit"."subject" s ON s.code = r.subject_code
            WHERE r.model_version <> $1 ORDER BY s.code LIMIT $2 FOR UPDATE OF s SKIP LOCKED`,
          [model.version, BATCH],
        );
        if (stale.length === 0) return 0;
        const versionOf = new Map(stale.map((r) => [r.code, r.model_version]));
        const facts: {
          id: string;
          subject_code: string;
          kind: string;
          occurred_at: Date;
          expires_at: Date | null;
        }[] = await manager.query(
          `SELECT id, subject_code, kind, occurred_at, expires_at FROM "credit"."fact" WHERE subject_code = ANY($1)`,
          [[...versionOf.keys()]],
        );
        const changes = [...new Set(versionOf.values())].flatMap((version) => {
          if (!previousModels.has(version)) previousModels.set(version, loadScoringModelVersion(version));
          return expiriesUnderNewModel(
            previousModels.get(version),
            model,
            facts
              .filter((f) => versionOf.get(f.subject_code) === version)
              .map((f) => ({
                id: f.id,
                kind: f.kind,
                occurredAt: new Date(f.occurred_at).toISOString(),
                expiresAt: f.expires_at ? new Date(f.expires_at).toISOString() : null,
              })),
          );
        });
        if (changes.length > 0)
          await manager.query(
            `UPDATE "credit"."fact" f SET expires_at = c.expires_at
               FROM unnest($1::text[], $2::timestamptz[]) AS c(id, expires_at) WHERE f.id = c.id`,
            [changes.map((c) => c.id), changes.map((c) => c.expiresAt)],
          );
        await this.rateSubjects.execute(manager, versionOf.keys(), {
          correlationId: `credit-model-${model.version}-${randomUUID()}`,
        });
        return stale.length;
      });
      if (n === 0) break;
      total += n;
    }
    if (total > 0)
      this.logger.info({ files: total, model: model.version }, 're-rated under a new scoring model');
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /**
   * Something falls due at `at` (ISO), written by a transaction not yet committed: noted, and armed by `flush`
   * once it has committed (the timer must not fire before the row it looks for is visible).
   */
  consider(at: string | null | undefined): void {
    if (!at) return;
    const t = new Date(at).getTime();
    if (this.pending === undefined || t < this.pending) this.pending = t;
  }

  /** After a commit: the timer fires by the earliest instant noted. */
  flush(): void {
    const t = this.pending;
    this.pending = undefined;
    if (t === undefined || this.stopped) return;
    if (this.armedFor !== undefined && this.armedFor <= t) return;
    this.arm(t);
  }

  private arm(t: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = t;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, t - Date.now()));
    this.timer = setTimeout(() => void this.fire(), delay);
    this.timer.unref?.();
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    this.armedFor = undefined;
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      while (!this.stopped && (await this.processDue()) > 0);
    } catch (e) {
      this.logger.error({ err: e }, 'rating due files failed; retrying in 5 s');
      this.arm(Date.now() + 5_000);
    } finally {
      this.running = false;
    }
    await this.rearm().catch((e: unknown) => this.logger.error({ err: e }, 'cannot arm the due timer'));
  }

  /** One batch of due work in one transaction; the number of items handled. */
  private async processDue(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const cause = { correlationId: `credit-due-${randomUUID()}` };
      const overdue = await this.taxFacts.recordOverdue(manager, BATCH, cause);
      const due: { subject_code: string }[] = await manager.query(
        `SELECT s.code AS subject_code FROM "credit"."rating" r JOIN "credit"."subject" s ON s.code = r.subject_code
          WHERE r.next_due_at <= now() ORDER BY s.code LIMIT $1 FOR UPDATE OF s SKIP LOCKED`,
        [BATCH],
      );
      await this.rateSubjects.execute(
        manager,
        due.map((d) => d.subject_code),
        cause,
      );
      return overdue + due.length;
    });
  }

  private async rearm(): Promise<void> {
    if (this.stopped) return;
    const [row]: { at: Date | null }[] = await this.dataSource.query(
      `SELECT least(
         (SELECT min(next_due_at) FROM "credit"."rating" WHERE next_due_at IS NOT NULL),
         (SELECT min(due_at) FROM "credit"."tax_bill" WHERE NOT settled AND NOT overdue_recorded)) AS at`,
    );
    if (row?.at) {
      this.consider(new Date(row.at).toISOString());
      this.flush();
    }
  }
}
