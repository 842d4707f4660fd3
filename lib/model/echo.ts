/**
 * How messages show what the user wrote: never more than a screenful of it. Messages quote the user's values
 * (`"${name}" is longer than 63 characters`), the field paths name the user's keys (`selector.<key>`), and a
 * definition with a 50 MB name produced 157 MB of error output (the name, its derived selector and service account,
 * each echoed in full). Every message, path and finding passes through `capEchoes` before anyone sees it (errors.ts,
 * mesh-file-loader.ts, checks/engine.ts), so no call site has to remember, and short messages come out unchanged.
 */

/** Characters of one echoed value that messages show: a DNS label (63) fits whole. */
export const ECHO_LIMIT = 64;

/** A run of characters without spaces or quotes longer than this is a value (a key in a path, an unquoted value), not prose. */
const RUN_LIMIT = 128;

/** The most one message shows in all: far above any message of ours, so only a flood of values is cut. */
export const MESSAGE_LIMIT = 2000;

/** `text` cut to `limit` characters, never in the middle of a UTF-16 surrogate pair. */
function head(text: string, limit: number): string {
  const code = text.charCodeAt(limit - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit);
}

/** `"aaaa…" (52428800 characters)` for a long quoted value, the value itself otherwise. */
function capQuoted(inner: string): string {
  // One character of slack, so a value already cut (64 characters and "…") is not cut again.
  return inner.length > ECHO_LIMIT + 1 ? `"${head(inner, ECHO_LIMIT)}…" (${inner.length} characters)` : `"${inner}"`;
}

/** Unquoted runs (path keys, values written without quotes) longer than RUN_LIMIT cut the same way. */
function capRuns(text: string): string {
  if (text.length <= RUN_LIMIT) return text;
  return text.replace(/[^\s"]{129,}/g, (run) => `${head(run, ECHO_LIMIT)}… (${run.length} characters)`);
}

/**
 * `text` with every long echoed value cut to its first ECHO_LIMIT characters and its length: quoted values (`"…"`,
 * backslash escapes as JSON.stringify writes them), then long unquoted runs, then the whole at MESSAGE_LIMIT.
 * Idempotent, linear in the length of `text`, and the identity on text without long values.
 */
export function capEchoes(text: string): string {
  if (text.length <= ECHO_LIMIT) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('"', i);
    if (open < 0) {
      out += capRuns(text.slice(i));
      break;
    }
    out += capRuns(text.slice(i, open));
    let close = open + 1;
    while (close < text.length && text.charCodeAt(close) !== 34 /* " */) close += text.charCodeAt(close) === 92 /* \ */ ? 2 : 1;
    if (close >= text.length) {
      // An unpaired quote: the rest is not a quoted value.
      out += `"${capRuns(text.slice(open + 1))}`;
      break;
    }
    out += capQuoted(text.slice(open + 1, close));
    i = close + 1;
  }
  // Slack for the note itself, so a message already cut is not cut again.
  return out.length > MESSAGE_LIMIT + 100 ? `${head(out, MESSAGE_LIMIT)}… (message cut: ${out.length} characters)` : out;
}

/** A value as a message quotes it: `"web"`, or `"aaaa…" (52428800 characters)`. */
export function quoted(value: string): string {
  return capQuoted(value);
}
