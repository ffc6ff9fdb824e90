'use strict';
/*
 * Order of the end-to-end suites. They share one broker, and a service's consumer group keeps its offsets from
 * one suite to the next: the credit service's first instance reads every topic from the beginning, so a suite
 * that asserts exact credit files and grades of the demo enterprises runs before any other suite has declared
 * anything about them. The others keep Jest's own order (slowest first, from its timing cache).
 */
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['credit-flow.e2e-spec.ts'];

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
