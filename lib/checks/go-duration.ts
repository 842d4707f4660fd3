/**
 * Go `time.ParseDuration` as cert-manager applies it to `spec.duration` / `spec.renewBefore`
 * (`2160h`, `1h30m`, `90m`, `1.5h`, `300ms`). The model's own parser is stricter on purpose (it only
 * writes hours); the checks must read what users hand-write.
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
