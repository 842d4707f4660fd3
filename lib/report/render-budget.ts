/**
 * Markdown cut to a size limit (a pull-request comment) at chunk boundaries, never mid-line, ending with one
 * line that says how many items were left out and how to see everything.
 */

/** GitHub refuses a pull-request (or issue) comment longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** Lines that are kept or left out together. */
export interface Chunk {
  /**
   * The lines, or a function that makes them: made only when they may be shown (at 5,000 workloads, ~150 of 5,000
   * destination lines are), at most once.
   */
  readonly lines: readonly string[] | (() => readonly string[]);
  /**
   * What one such chunk is, as a plural noun (`destination lines`), for the count of what was left out.
   * Chunks without one are structure: a table header, a section heading.
   */
  readonly item?: string;
  /** Shown only when the chunk after it is shown too (a heading is never left without its first item). */
  readonly lead?: boolean;
}

export interface BoundedDocument {
  /** Always shown: the title and how to read (and how to see everything). */
  readonly head: readonly string[];
  /** The content, in the order a reader wants it; cut when it does not fit. */
  readonly body: readonly Chunk[];
  /** Shown after the body when it fits (the notes); cut like the body otherwise. */
  readonly tail: readonly Chunk[];
  readonly maxChars: number;
  /** The sentence after "left out …": how to see everything. */
  readonly seeAll: string;
}

/** Length of `lines.join('\n')` plus a line break, counted line by line. */
function size(lines: readonly string[]): number {
  let n = 0;
  for (const l of lines) n += l.length + 1;
  return n;
}

function truncationLines(leftOut: ReadonlyMap<string, { left: number; total: number }>, maxChars: number, seeAll: string): string[] {
  const parts = [...leftOut].filter(([, c]) => c.left > 0).map(([item, c]) => `${c.left} of ${c.total} ${item}`);
  return ['---', '', `**Truncated to fit a pull-request comment (${maxChars} characters): left out ${parts.join(', ')}.** ${seeAll}`, ''];
}

/**
 * The document joined by line breaks: whole when it fits in `maxChars`, else the head, as many chunks of the body as
 * fit in order next to the whole tail (stopping at the first that does not), the tail (cut the same way if it alone
 * is too long), and the truncation line.
 */
export function boundedMarkdown(doc: BoundedDocument): string {
  const made = new Map<Chunk, readonly string[]>();
  const linesOf = (c: Chunk): readonly string[] => {
    if (typeof c.lines !== 'function') return c.lines;
    let lines = made.get(c);
    if (!lines) made.set(c, (lines = c.lines()));
    return lines;
  };
  const all = [...doc.body, ...doc.tail];
  // Whole when it fits; measuring stops at the first chunk past the limit.
  let whole = size(doc.head);
  for (let i = 0; i < all.length && whole <= doc.maxChars + 1; i++) whole += size(linesOf(all[i]));
  if (whole <= doc.maxChars + 1) return [...doc.head, ...all.flatMap(linesOf)].join('\n');

  const totals = new Map<string, { left: number; total: number }>();
  for (const c of all) {
    if (c.item === undefined) continue;
    const count = totals.get(c.item);
    if (count) count.total++;
    else totals.set(c.item, { left: 0, total: 1 });
  }
  // The truncation line is longest when every item is left out: reserve that, plus a blank line after each cut
  // (body and tail), so the next heading or the rule does not run into a list.
  const worst = new Map([...totals].map(([item, c]) => [item, { left: c.total, total: c.total }]));
  const room = doc.maxChars + 1 - size(doc.head) - size(truncationLines(worst, doc.maxChars, doc.seeAll)) - 2;
  // The tail (notes: what the analysis assumed) is short and read with any part of the body, so its room is kept
  // first; the body gets the rest.
  let tailSize = 0;
  for (const c of doc.tail) tailSize += size(linesOf(c));
  tailSize = Math.min(tailSize, room);
  const lines = [...doc.head];
  const take = (chunks: readonly Chunk[], room: number): number => {
    let stopped = false;
    let used = 0;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i];
      if (!stopped) {
        let need = size(linesOf(c));
        // A lead chunk goes with the chunks it leads up to the first one that is not a lead.
        let j = i;
        while (chunks[j].lead && j + 1 < chunks.length) need += size(linesOf(chunks[++j]));
        if (used + need <= room) {
          used += size(linesOf(c));
          lines.push(...linesOf(c));
          continue;
        }
        if (lines[lines.length - 1] !== '') lines.push('');
        stopped = true;
      }
      if (c.item !== undefined) totals.get(c.item)!.left++;
    }
    return used;
  };
  const bodyUsed = take(doc.body, room - tailSize);
  take(doc.tail, room - bodyUsed);
  if (lines[lines.length - 1] !== '') lines.push('');
  lines.push(...truncationLines(totals, doc.maxChars, doc.seeAll));
  return lines.join('\n');
}
