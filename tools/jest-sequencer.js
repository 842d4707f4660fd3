/**
 * Jest's test order, with the files that wait longest on child processes first.
 *
 * Jest starts the slowest files first when its cache holds their durations, so the two workers finish
 * together. A fresh clone (CI) has no such cache and jest falls back to file size: then the pack test,
 * a short file that waits ~20–30 s on `tsc -b`, `npm pack` and `npm install`, starts near the end and
 * alone decides when the run ends. Listed files run first, in this order; the rest keep jest's order.
 * Measured durations: docs/performance.md, "Test-suite time".
 */
const Sequencer = require('@jest/test-sequencer').default;
const path = require('path');

const LONG_FIRST = [
  'test/package/pack.test.ts', // compiles the package and installs it into a fresh project
  'test/apps/apps.test.ts', // runs the example apps as their own process
  'test/cli/cli.e2e.test.ts', // runs the CLI as its own process four times
  'test/cli/output-directory.e2e.test.ts', // runs three CLI processes at once
  'test/cli/hostile-inputs.e2e.test.ts', // runs the CLI as its own process six times
];

class LongFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => {
      const index = LONG_FIRST.indexOf(path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/'));
      return index === -1 ? LONG_FIRST.length : index;
    };
    // Array.prototype.sort is stable: files not listed keep jest's order among themselves.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongFirstSequencer;
