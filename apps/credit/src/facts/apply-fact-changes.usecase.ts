import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import type { Cause } from '@swx/messaging';

import { DueScheduler } from '../rating/due-scheduler';
import { RateSubjects } from '../rating/rate-subjects.usecase';
import type { FactChanges } from './event-facts';
import { FactStore } from './fact-store';

/** Records and reverses facts, gives order-only facts their enterprise, and rates the files that changed. */
@Injectable()
export class ApplyFactChanges {
  constructor(
    private readonly facts: FactStore,
    private readonly rateSubjects: RateSubjects,
    private readonly scheduler: DueScheduler,
  ) {}

  async execute(
    manager: EntityManager,
    changes: FactChanges,
    cause: Cause,
    extraSubjects: string[] = [],
  ): Promise<void> {
    const subjects = [...extraSubjects, ...(await this.facts.upsert(manager, changes.record))];
    for (const r of changes.reverse)
      subjects.push(...(await this.facts.reverse(manager, r.ids, r.version, r.reason)));
    const pending = changes.record.filter((f) => f.subjectCode === null && f.orderNo).map((f) => f.orderNo!);
    subjects.push(...(await this.facts.attributePending(manager, pending)));
    this.scheduler.consider(await this.rateSubjects.execute(manager, subjects, cause));
  }
}
