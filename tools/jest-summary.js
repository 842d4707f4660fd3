#!/usr/bin/env node
/**
 * Turns jest's JSON result (`jest --json --outputFile=.jest-result.json`) into the plain line
 * `N passed, N failed` that this workplace's CI reads, and fails when a test failed, a suite could
 * not run, or no test ran at all (a run that executes nothing must not pass silently).
 */
const fs = require('fs');

const file = process.argv[2] || '.jest-result.json';
let result;
try {
  result = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (error) {
  console.log('0 passed, 1 failed');
  console.error(`jest-summary: cannot read ${file}: ${error.message}`);
  process.exit(1);
}
const passed = result.numPassedTests;
const failed = result.numFailedTests + result.numRuntimeErrorTestSuites;
const skipped = result.numPendingTests + result.numTodoTests;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0 || passed === 0 || !result.success) process.exit(1);
