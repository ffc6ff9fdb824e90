import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { type CreditLevel, type CreditListEntryChanged, Topics } from '@swx/contracts';
import { type Cause, EventPublisher } from '@swx/messaging';

import { decidedEntryOf, FactStore, type ListEntryRow, ratedFactOf } from '../facts/fact-store';
import { type Explanation, listsOf, rate, type Rating } from './rate';
import { ScoringModelRef } from './scoring-model.provider';
import { updated } from '../facts/sql';

/** Every enterprise is B until rated (customs assumes the same). */
export const UNRATED_LEVEL: CreditLevel = 'B';

export const APPEAL_HINT =
  'Appeal: POST /v1/credit/appeals {"target":"fact"|"list-entry","targetId":…,"grounds":…}; read the file: GET /v1/credit/enterprises/{code}/file';

export const listEntryEvent = (e: ListEntryRow): CreditListEntryChanged => ({
  entryId: e.id,
  enterpriseCode: e.subject_code,
  list: e.list,
  status: e.status,
  basis: e.basis,
  reason: e.reason.slice(0, 500),
  startAt: new Date(e.start_at).toISOString(),
  ...(e.end_at ? { endAt: new Date(e.end_at).toISOString() } : {}),
  changedAt: new Date(e.changed_at).toISOString(),
  appeal: `${APPEAL_HINT.slice(0, 200)} (targetId ${e.id})`.slice(0, 300),
});

/**
 * Rates files again after their facts or entries changed, or when something in them falls due: the rating row
 * of each subject is locked (subjects in code order, so two instances never wait on each other in a cycle), the
 * model rates the file, rule entries open and close with their rules, and a changed level is published
 * (`credit.external.rating.changed.v1`), with the list changes (`credit.external.list-entry.changed.v1`).
 * Returns the earliest instant any of them falls due again.
 */
@Injectable()
export class RateSubjects {
  constructor(
    private readonly facts: FactStore,
    private readonly modelRef: ScoringModelRef,
    private readonly publisher: EventPublisher,
  ) {}

  async execute(manager: EntityManager, codes: Iterable<string>, cause: Cause): Promise<string | null> {
    let nextDue: string | null = null;
    for (const code of [...new Set(codes)].sort()) {
      const due = await this.rateOne(manager, code, cause);
      if (due && (!nextDue || due < nextDue)) nextDue = due;
    }
    return nextDue;
  }

  private async rateOne(manager: EntityManager, code: string, cause: Cause): Promise<string | null> {
    const model = this.modelRef.model;
    await manager.query(`INSERT INTO "credit"."subject" (code) VALUES ($1) ON CONFLICT (code) DO NOTHING`, [
      code,
    ]);
    // The subject row is the file's lock: facts and entries of one file are rated by one transaction at a time.
    await manager.query(`SELECT code FROM "credit"."subject" WHERE code = $1 FOR UPDATE`, [code]);
    const [previous]: { level: CreditLevel; explanation: Partial<Explanation> }[] = await manager.query(
      `SELECT level, explanation FROM "credit"."rating" WHERE subject_code = $1`,
      [code],
    );
    // Decided entries past their end close now, and say so.
    const ended = await updated<ListEntryRow>(
      manager,
      `UPDATE "credit"."list_entry" SET status = 'ended', changed_at = now(), closing_note = 'end date reached'
        WHERE subject_code = $1 AND basis = 'decision' AND status = 'active' AND end_at <= now() RETURNING *`,
      [code],
    );
    const now = new Date();
    const facts = (await this.facts.inForceOf(manager, code)).map(ratedFactOf);
    const entries = await this.facts.entriesOf(manager, code);
    const rating = rate(model, facts, entries.filter((e) => e.basis === 'decision').map(decidedEntryOf), now);
    const changedEntries = [...ended, ...(await this.syncRuleEntries(manager, code, rating, entries))];
    if (changedEntries.length > 0)
      await this.publisher.publishAll(
        manager,
        Topics.CreditListEntryChanged,
        changedEntries.map(listEntryEvent),
        cause,
      );

    await manager.query(
      `INSERT INTO "credit"."rating" (subject_code, level, score, model_version, explanation, reason, next_due_at, rated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (subject_code) DO UPDATE SET level = EXCLUDED.level, score = EXCLUDED.score,
         model_version = EXCLUDED.model_version, explanation = EXCLUDED.explanation, reason = EXCLUDED.reason,
         next_due_at = EXCLUDED.next_due_at, rated_at = EXCLUDED.rated_at`,
      [
        code,
        rating.level,
        rating.score,
        rating.modelVersion,
        JSON.stringify(rating.explanation),
        rating.reason,
        rating.nextDueAt,
        now.toISOString(),
      ],
    );
    const before = previous?.level ?? UNRATED_LEVEL;
    // Customs needs the level and whether the enterprise is blacklisted (its lists are then all inspected).
    const wasBlacklisted = previous ? listsOf(previous.explanation).includes('blacklist') : false;
    if (rating.level !== before || rating.lists.includes('blacklist') !== wasBlacklisted) {
      await this.publisher.publish(
        manager,
        Topics.CreditRatingChanged,
        {
          enterpriseCode: code,
          level: rating.level,
          ratedAt: now.toISOString(),
          previousLevel: before,
          score: rating.score,
          modelVersion: rating.modelVersion,
          reason: rating.reason,
          appeal: APPEAL_HINT,
          lists: rating.lists,
        },
        cause,
      );
    }
    return rating.nextDueAt;
  }

  /**
   * Opens an entry for each rule that holds and has none, closes rule entries whose rule no longer holds. A rule
   * entry revoked on appeal is not reopened until a fact of the file changes after the revocation.
   */
  private async syncRuleEntries(
    manager: EntityManager,
    code: string,
    rating: Rating,
    entries: ListEntryRow[],
  ): Promise<ListEntryRow[]> {
    const changed: ListEntryRow[] = [];
    const holding = new Map(rating.ruleListings.map((l) => [`${l.list}:${l.ruleId}`, l]));
    for (const e of entries) {
      if (e.basis !== 'rule' || e.status !== 'active' || holding.has(`${e.list}:${e.rule_id}`)) continue;
      const [closed] = await updated<ListEntryRow>(
        manager,
        `UPDATE "credit"."list_entry" SET status = 'ended', end_at = now(), changed_at = now(),
           closing_note = 'the rule no longer holds' WHERE id = $1 RETURNING *`,
        [e.id],
      );
      changed.push(closed);
    }
    const [lastFact]: { at: Date | null }[] = await manager.query(
      `SELECT max(updated_at) AS at FROM "credit"."fact" WHERE subject_code = $1`,
      [code],
    );
    for (const [key, listing] of holding) {
      const open = entries.some(
        (e) => e.basis === 'rule' && e.status === 'active' && `${e.list}:${e.rule_id}` === key,
      );
      const revoked = entries.some(
        (e) =>
          e.basis === 'rule' &&
          e.status === 'revoked' &&
          `${e.list}:${e.rule_id}` === key &&
          (!lastFact?.at || new Date(e.changed_at) >= new Date(lastFact.at)),
      );
      if (open || revoked) continue;
      const opened: ListEntryRow[] = await manager.query(
        `INSERT INTO "credit"."list_entry" (id, subject_code, list, basis, rule_id, reason, start_at, status)
         VALUES ($1, $2, $3, 'rule', $4, $5, now(), 'active')
         ON CONFLICT DO NOTHING RETURNING *`,
        [
          randomUUID(),
          code,
          listing.list,
          listing.ruleId,
          `rule ${listing.ruleId}: ${listing.reason}`.slice(0, 500),
        ],
      );
      changed.push(...opened);
    }
    return changed;
  }
}
