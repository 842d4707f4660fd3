/**
 * Go durations (`time.ParseDuration`), as cert-manager reads `spec.duration` / `spec.renewBefore` and
 * Prometheus reads `for:`: `2160h`, `1h30m`, `90m`, `1.5h`, `300ms`. One parser for the definition and
 * for the checks of hand-written manifests. A `d` suffix is not a Go duration: the definition refuses
 * it with a hint instead of emitting something the cert-manager webhook rejects.
 */
const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Seconds, or undefined when the text is not a Go duration. */
export function goDurationSeconds(text: unknown): number | undefined {
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

/** Seconds in a Go duration such as `2160h` or `1h30m`, or an error message saying what is wrong. */
export function parseDuration(text: unknown): number | { error: string } {
  if (typeof text !== 'string' || text.length === 0) return { error: 'must be a duration such as "2160h" or "30m"' };
  const days = /^(\d+)d$/.exec(text);
  if (days) return { error: `"${text}" is not a Go duration; write hours, e.g. "${Number(days[1]) * 24}h"` };
  const seconds = goDurationSeconds(text);
  if (seconds === undefined) return { error: `"${text}" is not a duration; use hours, minutes or seconds, e.g. "2160h", "90m", "1h30m"` };
  return seconds;
}

/** Seconds as a Go duration in the largest exact unit, e.g. 7776000 → `2160h`: how emitted objects write it. */
export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
