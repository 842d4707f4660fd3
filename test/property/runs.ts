/**
 * How many random cases each property runs. `npm test` keeps the suite fast with a few hundred cases
 * in total; a long run sets `FC_RUNS` (`FC_RUNS=10000 npm run test:property`), which then applies to
 * every property. `FC_SEED` replays a reported failure (fast-check prints the seed and path).
 */
export function numRuns(defaultRuns: number): number {
  const raw = process.env.FC_RUNS;
  if (raw === undefined || raw === '') return defaultRuns;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`FC_RUNS must be a positive integer (got "${raw}")`);
  return n;
}

/** fast-check parameters shared by every property: run count, optional seed, no per-run timeout. */
export function fcParams(defaultRuns: number): { numRuns: number; seed?: number; path?: string; endOnFailure: boolean } {
  const seed = process.env.FC_SEED;
  return {
    numRuns: numRuns(defaultRuns),
    ...(seed ? { seed: Number(seed) } : {}),
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
    endOnFailure: false,
  };
}

/** Jest timeout for a property: generous when a long run was asked for. */
export function propertyTimeout(defaultRuns: number): number {
  return Math.max(60_000, numRuns(defaultRuns) * 500);
}
