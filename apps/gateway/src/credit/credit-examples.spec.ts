import { expiryOf, rate, type RatedFact } from '../../../credit/src/rating/rate';
import type { FactSeverity } from '../../../credit/src/rating/scoring-model';
import { loadScoringModel } from '../../../credit/src/rating/scoring-model';
import { FILE_EXAMPLE } from './credit-examples';

describe('the Swagger example of a credit file', () => {
  it('is rated as the scoring model in force rates its facts', () => {
    const model = loadScoringModel();
    const facts: RatedFact[] = FILE_EXAMPLE.facts.map((f) => ({
      id: f.id,
      kind: f.kind,
      source: f.source,
      severity: f.severity as FactSeverity,
      occurredAt: f.occurredAt,
      expiresAt: f.expiresAt,
      status: 'active',
      reason: f.reason,
      version: f.occurredAt,
    }));
    for (const f of facts) expect(f.expiresAt).toBe(expiryOf(model, f.kind, f.occurredAt));
    const rating = rate(model, facts, [], new Date(FILE_EXAMPLE.rating.ratedAt));
    expect({ level: FILE_EXAMPLE.level, rating: FILE_EXAMPLE.rating }).toEqual({
      level: rating.level,
      rating: {
        score: rating.score,
        modelVersion: rating.modelVersion,
        reason: rating.reason,
        explanation: rating.explanation,
        ratedAt: FILE_EXAMPLE.rating.ratedAt,
        nextReviewAt: rating.nextDueAt,
      },
    });
  });
});
