/** Jest runs TypeScript through @swc/jest (fast, no type-check); `npm run typecheck` checks types. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // cel-js ships only as an ES module: let swc turn it into CommonJS for jest (Node 20 runs it natively).
  transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js)'],
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 60000,
};
