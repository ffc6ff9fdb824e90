import {
  type DecidedEntry,
  expiriesUnderNewModel,
  expiryOf,
  listsOf,
  rate,
  type RatedFact,
  supersedes,
} from './rate';
import { seededRandom } from '@swx/testing';

import { type FactSeverity, loadScoringModel } from './scoring-model';

const model = loadScoringModel();
const NOW = new Date('2026-11-30T04:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

const fact = (
  id: string,
  kind: string,
  severity: FactSeverity,
  extra: Partial<RatedFact> = {},
): RatedFact => {
  const occurredAt = extra.occurredAt ?? daysAgo(10);
  return {
    id,
    kind,
    source: kind.split('.')[0],
    severity,
    occurredAt,
    expiresAt: expiryOf(model, kind, occurredAt),
    status: 'active',
    reason: `${kind} ${id}`,
    version: occurredAt,
    ...extra,
  };
};

const KINDS = [
  'customs.matchRefused',
  'customs.inspectionDetained',
  'tax.billOverdue',
  'forex.volumeMismatch',
  'logistics.noScanAfterRelease',
  'risk.orderSplitting',
  'registry.suspended',
  'regulator.administrativePenalty',
  'regulator.courtJudgement',
  'regulator.aeoCertification',
];
const SEVERITIES: FactSeverity[] = ['low', 'medium', 'high'];

/** The messages of one generated case: several states (detected, reversed, detected again…) of some facts. */
function generatedMessages(next: () => number): RatedFact[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const messages: RatedFact[] = [];
  const ids = 1 + Math.floor(next() * 12);
  for (let i = 0; i < ids; i++) {
    const kind = pick(KINDS);
    const base = fact(`f${i}`, kind, pick(SEVERITIES), {
      occurredAt: daysAgo(Math.floor(next() * 900)),
      ...(kind === 'regulator.aeoCertification' ? { aeoGrade: pick(['advanced', 'general'] as const) } : {}),
    });
    const states = 1 + Math.floor(next() * 3);
    for (let s = 0; s < states; s++) {
      const version = new Date(
        new Date(base.version).getTime() + Math.floor(next() * 3) * 60_000,
      ).toISOString();
      messages.push({ ...base, version, status: next() < 0.4 ? 'reversed' : 'active' });
    }
    if (next() < 0.2) messages.push({ ...messages.at(-1)! }); // a redelivery
  }
  return messages;
}

/** The service's way: each message merged into the file as it arrives (latest state wins), then rated. */
function arriving(messages: RatedFact[], decided: DecidedEntry[] = []) {
  const file = new Map<string, RatedFact>();
  for (const m of messages) if (supersedes(file.get(m.id), m)) file.set(m.id, m);
  return rate(model, [...file.values()], decided, NOW);
}

/** The reference: messages replayed one at a time in the order they happened, rating after each. */
function sequential(messages: RatedFact[], decided: DecidedEntry[] = []) {
  const ordered = [...messages].sort(
    (a, b) =>
      new Date(a.version).getTime() - new Date(b.version).getTime() ||
      (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1),
  );
  const file: Record<string, RatedFact> = {};
  let rating = rate(model, [], decided, NOW);
  for (const m of ordered) {
    file[m.id] = m;
    rating = rate(model, Object.values(file), decided, NOW);
  }
  return rating;
}

function shuffled<T>(xs: T[], next: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('credit rating', () => {
  it('gives the same rating as the sequential evaluator whatever order 300 generated files arrive in', () => {
    const next = seededRandom(20261130);
    for (let c = 0; c < 300; c++) {
      const messages = generatedMessages(next);
      const expected = sequential(messages);
      for (let p = 0; p < 4; p++) {
        const got = arriving(shuffled(messages, next));
        expect({ case: c, rating: got }).toEqual({ case: c, rating: expected });
      }
    }
  });

  it('rates a clean file B (85), and lowers it by the thresholds of the model', () => {
    expect(rate(model, [], [], NOW)).toMatchObject({ level: 'B', score: '85.00', nextDueAt: null });
    const one = rate(model, [fact('p1', 'regulator.administrativePenalty', 'medium')], [], NOW);
    expect(one).toMatchObject({ level: 'B', score: '70.00', modelVersion: model.version });
    const penalties = [1, 2].map((i) => fact(`p${i}`, 'regulator.administrativePenalty', 'medium'));
    const r = rate(model, penalties, [], NOW);
    expect(r).toMatchObject({ level: 'C', score: '55.00' });
    expect(r.explanation.deductions.map((d) => d.points)).toEqual(['15.00', '15.00']);
    expect(r.reason).toContain('administrative penalty −15.00');
    expect(rate(model, [fact('j', 'regulator.courtJudgement', 'medium')], [], NOW).level).toBe('D');
  });

  it('caps the deductions of one kind, and weighs severities by the model', () => {
    const refusals = Array.from({ length: 30 }, (_, i) =>
      fact(`m${String(i).padStart(2, '0')}`, 'customs.matchRefused', 'high'),
    );
    const r = rate(model, refusals, [], NOW);
    expect(r.score).toBe('65.00');
    expect(r.explanation.capped).toEqual([{ kind: 'customs.matchRefused', maxDeduction: 20 }]);
    expect(rate(model, [fact('x', 'customs.matchRefused', 'low')], [], NOW).score).toBe('84.00');
  });

  it('counts a fact until its window ends, and says when the rating changes next', () => {
    const old = fact('old', 'logistics.weightMismatch', 'high', { occurredAt: daysAgo(366) });
    const recent = fact('new', 'logistics.weightMismatch', 'high', { occurredAt: daysAgo(5) });
    const r = rate(model, [old, recent], [], NOW);
    expect(r.score).toBe('77.00');
    expect(r.nextDueAt).toBe(recent.expiresAt);
    expect(rate(model, [recent], [], new Date(new Date(recent.expiresAt!).getTime() + 1)).score).toBe(
      '85.00',
    );
  });

  it('reverses a fact whose cause is reversed, even when the reversal arrives first', () => {
    const detected = fact('forex:1', 'forex.volumeMismatch', 'high', { version: daysAgo(3) });
    const withdrawn: RatedFact = { ...detected, status: 'reversed', version: daysAgo(2) };
    expect(arriving([detected, withdrawn]).score).toBe('85.00');
    expect(arriving([withdrawn, detected]).score).toBe('85.00');
    expect(arriving([detected]).score).toBe('73.00');
  });

  it('raises the level to the AEO floor, and lowers it to the blacklist cap last', () => {
    const judgement = fact('j', 'regulator.courtJudgement', 'medium');
    const aeo = fact('aeo', 'regulator.aeoCertification', 'low', { aeoGrade: 'advanced' });
    expect(rate(model, [judgement], [], NOW).level).toBe('D');
    const floored = rate(model, [judgement, aeo], [], NOW);
    expect(floored.level).toBe('A');
    expect(floored.explanation.floors).toEqual([{ basis: 'aeo.advanced (aeo)', level: 'A' }]);
    const blacklisted: DecidedEntry = {
      id: 'e',
      list: 'blacklist',
      startAt: daysAgo(1),
      endAt: null,
      status: 'active',
    };
    const listed = rate(model, [judgement, aeo], [blacklisted], NOW);
    expect(listed.level).toBe('D');
    expect(listed.lists).toEqual(['blacklist']);
    expect(listed.explanation.lists).toEqual(['blacklist']);
    expect(listsOf(listed.explanation)).toEqual(['blacklist']);
    // An explanation stored before it named its lists: they are read back from the caps and floors they set.
    expect(listsOf({ ...listed.explanation, lists: undefined })).toEqual(['blacklist']);
    expect(floored.lists).toEqual([]);
    const whitelisted: DecidedEntry = { ...blacklisted, list: 'whitelist' };
    expect(rate(model, [judgement], [whitelisted], NOW).level).toBe('A');
    expect(rate(model, [judgement], [{ ...blacklisted, status: 'repaired' }], NOW).level).toBe('D');
    expect(rate(model, [], [{ ...blacklisted, endAt: daysAgo(0.5) }], NOW).level).toBe('B');
  });

  it('lists by rule while the rule holds: a suspended registration is abnormal operation (C at most)', () => {
    const suspended = fact('s', 'registry.suspended', 'medium');
    const r = rate(model, [suspended], [], NOW);
    expect(r.ruleListings).toEqual([
      expect.objectContaining({ ruleId: 'suspended-registration', list: 'abnormal' }),
    ]);
    expect(r.level).toBe('C');
    const grave = fact('j', 'regulator.courtJudgement', 'high');
    const g = rate(model, [grave], [], NOW);
    expect(g.ruleListings.map((l) => l.ruleId)).toEqual(['serious-judgement', 'score-below-30']);
    expect(g.level).toBe('D');
  });

  it('re-expires the facts whose expiry an earlier model computed when a new version changes their windows', () => {
    const previous = { ...model, version: '2025.9', kinds: { ...model.kinds } };
    previous.kinds['forex.*'] = { ...model.kinds['forex.*'], windowDays: 365 };
    const occurredAt = daysAgo(400);
    const computed = { id: 'f1', kind: 'forex.volumeMismatch', occurredAt, expiresAt: null as string | null };
    computed.expiresAt = expiryOf(previous, computed.kind, occurredAt);
    const given = { ...computed, id: 'f2', expiresAt: daysAgo(-10) };
    const unchangedWindow = {
      id: 'f3',
      kind: 'customs.matchRefused',
      occurredAt,
      expiresAt: expiryOf(previous, 'customs.matchRefused', occurredAt),
    };
    const changes = expiriesUnderNewModel(previous, model, [computed, given, unchangedWindow]);
    expect(changes).toEqual([{ id: 'f1', expiresAt: expiryOf(model, 'forex.volumeMismatch', occurredAt) }]);
    // Expired under the earlier window (365 days), in force again under the current one (730).
    const asRated = (expiresAt: string | null) =>
      rate(model, [fact('f1', 'forex.volumeMismatch', 'medium', { occurredAt, expiresAt })], [], NOW).score;
    expect(asRated(computed.expiresAt)).toBe('85.00');
    expect(asRated(changes[0].expiresAt)).toBe('79.00');
    expect(expiriesUnderNewModel(undefined, model, [computed])).toEqual([]);
    expect(expiriesUnderNewModel(model, model, [computed])).toEqual([]);
  });
});
