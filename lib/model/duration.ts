import { quoted } from './echo';

/**
 * Go durations (`time.ParseDuration`), as cert-manager reads `spec.duration` / `spec.renewBefore` and
 * Prometheus reads `for:`: `2160h`, `1h30m`, `90m`, `1.5h`, `300ms`. One parser for the definition and
 * for the checks of hand-written manifests. A `d` suffix is not a Go duration: the definition refuses
 * it with a hint instead of emitting something the cert-manager webhook rejects.
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * The longest Go duration: an int64 of nanoseconds (`time.Duration`), 2562047h47m16.854775807s, about 292 years.
 * `time.ParseDuration` refuses anything longer ("invalid duration"), so cert-manager cannot read such a Certificate.
 */
export const MAX_GO_DURATION_SECONDS = 9_223_372_036.854775807;

/** Seconds, or undefined when the text is not a Go duration (`time.ParseDuration` refuses it, overflow included). */
export function goDurationSeconds(text: unknown): number | undefined {
  const seconds = durationSyntaxSeconds(text);
  return seconds !== undefined && Math.abs(seconds) <= MAX_GO_DURATION_SECONDS ? seconds : undefined;
}

/** Seconds of a text in Go duration syntax, however large; undefined when the syntax is not Go's. */
function durationSyntaxSeconds(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  let total = 0;
  let pos = 0;
  PART.lastIndex = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    pos = PART.lastIndex;
  }
  return pos === 0 ? undefined : sign * total;
}

/** `7200` → `2h`, `5400` → `1h30m`: how messages show a duration. */
export function showDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

/**
 * Seconds in a Go duration such as `2160h` or `1h30m`, or an error message saying what is wrong. Every duration of a
 * definition is a lifetime or a wait, so beyond Go's syntax it must be longer than zero and fit Go's int64 of
 * nanoseconds: cert-manager and Prometheus would otherwise refuse, or silently misread, the object it ends up in.
 */
export function parseDuration(text: unknown): number | { error: string } {
  if (typeof text !== 'string' || text.length === 0) return { error: 'must be a duration such as "2160h" or "30m"' };
  const days = /^(\d+)d$/.exec(text);
  if (days) return { error: `${quoted(text)} is not a Go duration; write hours, e.g. "${Number(days[1]) * 24}h"` };
  const seconds = durationSyntaxSeconds(text);
  if (seconds === undefined) return { error: `${quoted(text)} is not a duration; use hours, minutes or seconds, e.g. "2160h", "90m", "1h30m"` };
  if (Math.abs(seconds) > MAX_GO_DURATION_SECONDS) return { error: `${quoted(text)} is longer than a Go duration can hold (at most 2562047h, about 292 years), so cert-manager and Prometheus cannot read it` };
  if (seconds <= 0) return { error: `${quoted(text)} must be longer than zero` };
  return seconds;
}

/** Seconds as a Go duration in the largest exact unit, e.g. 7776000 → `2160h`: how emitted objects write it. */
export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
