import { type CaseState, takeStep } from './case-machine';

const open: CaseState = { status: 'collected', grade: 'blue', agency: null, outcome: null };

describe('risk case lifecycle: collected → assessed → warned → disposed → reviewed', () => {
  it('walks the steps in order, regrading at assessment and concluding at review', () => {
    const assessed = takeStep(open, { action: 'assess', grade: 'orange' });
    expect(assessed).toMatchObject({ ok: true, next: { status: 'assessed', grade: 'orange' } });
    if (!assessed.ok) return;
    const assigned = takeStep(assessed.next, { action: 'assign', agency: 'customs' });
    expect(assigned).toMatchObject({ ok: true, next: { status: 'assessed', agency: 'customs' } });
    if (!assigned.ok) return;
    const warned = takeStep(assigned.next, { action: 'warn' });
    if (!warned.ok) throw new Error(warned.conflict);
    const disposed = takeStep(warned.next, {
      action: 'dispose',
      disposals: ['inspection', 'notice', 'inspection'],
    });
    expect(disposed).toMatchObject({
      ok: true,
      disposals: ['inspection', 'notice'],
      next: { status: 'disposed' },
    });
    if (!disposed.ok) return;
    expect(takeStep(disposed.next, { action: 'review', outcome: 'confirmed' })).toMatchObject({
      ok: true,
      concluded: true,
      next: { status: 'reviewed', outcome: 'confirmed' },
    });
  });

  it('refuses a step out of order, a disposal without measures and a review without outcome', () => {
    expect(takeStep(open, { action: 'warn' })).toMatchObject({ ok: false });
    expect(takeStep({ ...open, status: 'warned' }, { action: 'dispose' })).toMatchObject({ ok: false });
    expect(takeStep({ ...open, status: 'disposed' }, { action: 'review' })).toMatchObject({ ok: false });
  });

  it('closes as a false positive from any open step, and nothing changes a closed case', () => {
    const closed = takeStep({ ...open, status: 'warned' }, { action: 'falsePositive' });
    expect(closed).toMatchObject({
      ok: true,
      concluded: true,
      next: { status: 'reviewed', outcome: 'falsePositive' },
    });
    if (!closed.ok) return;
    expect(takeStep(closed.next, { action: 'assign', agency: 'tax' })).toMatchObject({ ok: false });
  });
});
