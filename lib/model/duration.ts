/**
 * Go durations as cert-manager (and Prometheus `for:`) accept them. Only hours, minutes and seconds:
 * a `d` suffix is not a Go duration, so we refuse it with a hint instead of emitting something the
 * cert-manager webhook rejects.
 */
const GO_DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/;

/** Seconds in a Go duration such as `2160h` or `1h30m`, or an error message saying what is wrong. */
export function parseDuration(text: unknown): number | { error: string } {
  if (typeof text !== 'string' || text.length === 0) return { error: 'must be a duration such as "2160h" or "30m"' };
  const days = /^(\d+)d$/.exec(text);
  if (days) return { error: `"${text}" is not a Go duration; write hours, e.g. "${Number(days[1]) * 24}h"` };
  const m = GO_DURATION.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    return { error: `"${text}" is not a duration; use hours, minutes or seconds, e.g. "2160h", "90m", "1h30m"` };
  }
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Seconds as a Go duration in the largest exact unit, e.g. 7776000 → `2160h`. */
export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
