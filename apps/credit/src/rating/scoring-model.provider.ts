import { loadScoringModel, type ScoringModel } from './scoring-model';

/** The scoring model in force, as an injectable (loaded and checked once, at start). */
export abstract class ScoringModelRef {
  abstract readonly model: ScoringModel;
}

export const scoringModelProvider = {
  provide: ScoringModelRef,
  useFactory: (): ScoringModelRef => ({ model: loadScoringModel() }),
};
