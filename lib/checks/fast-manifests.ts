/**
 * Multi-document manifests read with the fast js-yaml reader that mesh files use (lib/model/fast-yaml.ts) instead
 * of the `yaml` package's `parseAllDocuments`, which took ~80 % of `secure-mesh validate` on 12,664 synthesized
 * objects (8.4 s; docs/performance.md). The answer is the same or there is none: the text is split into documents
 * only at lines YAML itself cannot read as content (`---` at column 0 followed by a space or the line end; YAML 1.2
 * §9.1.4, c-forbidden, also ends block and quoted scalars there), each document must be one `fastParse` is sure of
 * (same value and node positions as `yaml`), and anything else (directives, `...`, content after `---`, aliases,
 * tags, syntax errors, a document that is not a mapping) returns `undefined`, so the caller reads the whole file
 * with `yaml` and reports exactly as before.
 */
import { fastParse } from '../model/fast-yaml';

/** One document's value and the 1-based line of its content (and of each item of a `List`). */
export interface FastDocument {
  readonly value: Record<string, unknown>;
  readonly line: number;
  /** For `*List` kinds with `items`: the line of each item. */
  readonly itemLines?: readonly number[];
}

/** `---` at the start of the line at `at`, then a space, a tab or the line's end (checked without a slice per line). */
function isDocumentStart(text: string, at: number): boolean {
  if (!text.startsWith('---', at)) return false;
  const next = text[at + 3];
  return next === undefined || next === ' ' || next === '\t' || next === '\n';
}

/** The documents of `text` that have content, in order; `undefined` when only `yaml` can say. */
export function fastDocuments(text: string): FastDocument[] | undefined {
  if (/^(?:%|\.\.\.(?:[ \t]|$))/m.test(text)) return undefined;
  const out: FastDocument[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  for (let at = 0; at <= text.length;) {
    const end = text.indexOf('\n', at);
    const lineEnd = end < 0 ? text.length : end;
    if (isDocumentStart(text, at)) {
      // A marker line with content after it (`--- {a: 1}`, `--- |`) is left to yaml.
      if (!/^---[ \t]*(?:#.*)?\r?$/.test(text.slice(at, lineEnd))) return undefined;
      if (!readDocument(text.slice(start, at), startLine, out)) return undefined;
      start = lineEnd + 1;
      startLine = line + 1;
    }
    if (end < 0) break;
    at = end + 1;
    line++;
  }
  if (start < text.length && !readDocument(text.slice(start), startLine, out)) return undefined;
  return out;
}

/** Adds the document's object to `out`; false when fastParse is unsure of it. */
function readDocument(body: string, firstLine: number, out: FastDocument[]): boolean {
  // Only blank lines and comments (a comment starts a line's first non-blank character): yaml reads null, skipped.
  if (!/^[ \t]*[^\s#]/m.test(body)) return true;
  const parsed = fastParse(body);
  if (!parsed) return false;
  const value = parsed.value;
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return false;
  const lineAt = (offset: number | 'unsure') => (offset === 'unsure' ? undefined : firstLine + countNewlines(body, offset));
  const line = lineAt(parsed.offsetOf([]));
  if (line === undefined) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.kind === 'string' && record.kind.endsWith('List') && Array.isArray(record.items)) {
    const itemLines: number[] = [];
    for (let i = 0; i < record.items.length; i++) {
      const itemLine = lineAt(parsed.offsetOf(['items', i]));
      if (itemLine === undefined) return false;
      itemLines.push(itemLine);
    }
    out.push({ value: record, line, itemLines });
  } else {
    out.push({ value: record, line });
  }
  return true;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
