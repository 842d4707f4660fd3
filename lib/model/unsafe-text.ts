/**
 * Characters no definition string may hold, because of what they do where the string ends up: control characters
 * (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F: NUL ends a C string in Envoy's and the kernel's readers, ESC starts a
 * terminal escape in whoever reads `kubectl get -o yaml`, a newline starts a new line in a config key or a URL) and
 * the Unicode bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: "Trojan Source",
 * CVE-2021-42574), which make a reviewer read a path or a name in a different order than Istio matches it.
 *
 * The check runs on every string of the definition as the library copies it (snapshot.ts): one pass over the
 * characters, and the field paths are looked for only when a string holds one of these characters.
 */
import type { Problem } from './errors';

/** Fields whose value is multi-line text by nature: newlines (and carriage returns) are allowed there, nothing else. */
const MULTI_LINE_FIELDS = [/^pki\.trustBundle\.additionalCertificates\[\d+\]$/];

/** Whether `c` (a UTF-16 code unit) is a control or bidirectional formatting character. */
function isUnsafe(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && (c <= 0x9f || c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)));
}

/** Whether `value` holds any character this module is about (newlines included): the fast test. */
export function mayHoldUnsafeText(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isUnsafe(value.charCodeAt(i))) return true;
  return false;
}

/** `U+202E (RIGHT-TO-LEFT OVERRIDE)`: how a message names the character. */
function describe(c: number): string {
  const names: Record<number, string> = {
    0x00: 'NUL', 0x09: 'TAB', 0x0a: 'a newline', 0x0d: 'a carriage return', 0x1b: 'ESC', 0x7f: 'DEL',
    0x061c: 'ARABIC LETTER MARK', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK',
    0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING',
    0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2066: 'LEFT-TO-RIGHT ISOLATE',
    0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE',
  };
  const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return Object.prototype.hasOwnProperty.call(names, c) ? `${code} (${names[c]})` : code;
}

/** Why `value` (at field `path`) is refused, or undefined. */
export function unsafeTextError(value: string, path = ''): string | undefined {
  const multiLine = MULTI_LINE_FIELDS.some((re) => re.test(path));
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isUnsafe(c) || (multiLine && (c === 0x0a || c === 0x0d))) continue;
    const kind = c < 0x20 || (c >= 0x7f && c <= 0x9f) ? 'a control character' : 'a bidirectional formatting character';
    return `holds ${kind}, ${describe(c)}, at position ${i + 1}: it changes what the value means (or how it reads) where it is used; remove it`;
  }
  return undefined;
}

/** Every string of a definition that holds a refused character, with its field path (walked only when one may). */
export function unsafeTextProblems(definition: unknown): Problem[] {
  const problems: Problem[] = [];
  const walk = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      const message = unsafeTextError(value, path);
      if (message) problems.push({ path, message });
    } else if (typeof value === 'object' && value !== null && depth < 100) {
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      else for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1);
    }
  };
  walk(definition, '', 0);
  return problems;
}
