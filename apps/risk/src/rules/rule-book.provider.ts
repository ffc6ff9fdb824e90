import { loadRules, type RiskRule } from './rule-book';

/** The rule book in force, loaded from `apps/risk/data/rules.json` at start. */
export class RuleBook {
  constructor(readonly rules: readonly RiskRule[]) {}

  static load(): RuleBook {
    return new RuleBook(loadRules());
  }

  byCode(code: string): RiskRule | undefined {
    return this.rules.find((r) => r.code === code);
  }
}
