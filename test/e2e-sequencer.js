'use strict';
/*
 * Order of the end-to-end suites. They share one broker, and a service's consumer group keeps its offsets from
 * one suite to the next: a service's first instance reads every topic from the beginning, and a later one takes
 * over what earlier suites left unconsumed. So the suites that assert exact figures about the demo enterprises
 * run before the others have declared anything about them:
 * - credit-flow: exact credit files and grades (the credit service's first read of the topics is its own);
 * - forex-flow: exact declared export totals of the demo seller (likewise for forex);
 * - personal-data: clears the demo buyer's lists, before suites that leave tax assessment requests of that buyer
 *   unconsumed (customs without tax) fill its annual quota in the next tax instance's database.
 * The others keep Jest's own order (slowest first, from its timing cache).
 */
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['credit-flow.e2e-spec.ts', 'forex-flow.e2e-spec.ts', 'personal-data.e2e-spec.ts'];

class E2eSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (t) => {
      const i = FIRST.findIndex((name) => t.path.endsWith(`/${name}`));
      return i < 0 ? FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = E2eSequencer;
