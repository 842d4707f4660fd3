import { distance } from 'fastest-levenshtein';

/**
 * "Did you mean" for misspelled names, with bounded work. Each suggestion compares the word with every candidate
 * (edit distance, O(length²) each), so 1,000 unknown long references against 1,000 workloads took 15 s. Three bounds
 * keep it cheap whatever the definition: words and candidates longer than any name we suggest are skipped; a
 * candidate whose length differs from the word's by more than the tolerance is skipped without computing (the edit
 * distance is at least the difference in length); and the distance computations of one call, and of one definition
 * check (`withSuggestionBudget`), are capped. Past a cap a message simply has no suggestion.
 */

/**
 * The longest word or candidate compared: every name we suggest is a DNS label (at most 63 characters), a port name
 * (15), a field name or an enum value.
 */
export const MAX_SUGGESTED_LENGTH = 100;
/** Distance computations for one word. */
export const MAX_COMPARISONS_PER_CALL = 2_000;
/** Distance computations for one definition check (`withSuggestionBudget`): a few hundredths of a second. */
export const MAX_COMPARISONS_PER_CHECK = 100_000;

/** What is left of the current check's budget; undefined outside `withSuggestionBudget`. */
let remaining: { comparisons: number } | undefined;

/** Runs `f` with one budget of MAX_COMPARISONS_PER_CHECK for its suggestions (a nested call shares the outer one). */
export function withSuggestionBudget<T>(f: () => T): T {
  if (remaining) return f();
  remaining = { comparisons: MAX_COMPARISONS_PER_CHECK };
  try {
    return f();
  } finally {
    remaining = undefined;
  }
}

/** The candidate closest to `word` when it is close enough to be a likely typo, else undefined. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  const lower = word.toLowerCase();
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = tolerance + 1;
  let comparisons = 0;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - word.length) >= bestDistance || candidate.length > MAX_SUGGESTED_LENGTH) continue;
    if (comparisons >= MAX_COMPARISONS_PER_CALL || (remaining && remaining.comparisons <= 0)) break;
    comparisons++;
    if (remaining) remaining.comparisons--;
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}

/** ` — did you mean "x"?` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s === undefined ? '' : ` — did you mean "${s}"?`;
}
