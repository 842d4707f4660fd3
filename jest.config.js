/** Jest runs TypeScript through @swc/jest (fast, no type-check); `npm run typecheck` checks types. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // cel-js ships only as an ES module: let swc turn it into CommonJS for jest (Node 20 runs it natively).
  // The generated validators (lib/**/*.generated.js, 1.4 MB) are CommonJS already: nothing to transform.
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js)', '\\.generated\\.js$'],
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60000,
  // Jest's default is one worker less than the cores: a single worker on the 2-core CI machine. The suite is mostly
  // CPU-bound test files plus a few that wait on child processes (npm pack, the CLI), so one worker per core is faster:
  // full suite 119 s -> 81 s measured on 2 cores (docs/performance.md).
  maxWorkers: '100%',
  // Each module compiled once per worker, not once per test file (modules are still evaluated per file): tools/jest-runtime.js.
  runtime: '<rootDir>/tools/jest-runtime.js',
  // The files that wait longest on child processes first, also in a fresh clone without jest's timing cache: tools/jest-sequencer.js.
  testSequencer: '<rootDir>/tools/jest-sequencer.js',
};
