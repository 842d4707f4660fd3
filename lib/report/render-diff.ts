/**
 * A connectivity diff as Markdown to paste into a pull request, or as JSON for tools. Markdown is a list of changes;
 * a change touching many accesses is grouped by namespace pair and cut to fit a pull-request comment.
 */
import { changeWidens } from './diff';
import { boundedMarkdown, GITHUB_COMMENT_LIMIT, type Chunk } from './render-budget';
import { accessLine, cell } from './render-markdown';
import { endpointGroup } from './render-summary';
import { compareStrings } from './objects';
import type { Access, ConnectivityDiff, DiffFormat, MarkdownOptions } from './types';

/**
 * `auto` lists up to this many changes as today's three lists: about what a reviewer reads line by line in a
 * pull-request comment. Past it (or when the list would not fit a comment), changes are grouped by namespace pair.
 */
export const READABLE_CHANGES = 100;

function changedLine(c: { before: Access; after: Access }): string {
  return `${accessLine(c.before)} ⇒ ${accessLine(c.after).replace(/^`[^`]*` → `[^`]*`: /, '')}`;
}

/** The three lists, every change (today's Markdown, and `--detail full`). */
function renderChangeLists(diff: ConnectivityDiff): string {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`### ${title}`, '', ...items.map((i) => `- ${i}`), '');
  };
  section('Access added', diff.added.map(accessLine));
  section('Access removed', diff.removed.map(accessLine));
  section('Access changed', diff.changed.map((c) => `${changeWidens(c.before, c.after) ? '**widens**: ' : ''}${changedLine(c)}`));
  return lines.join('\n');
}

/** The changes of one caller namespace → destination namespace pair, each as its list line. */
interface PairChanges {
  readonly from: string;
  readonly to: string;
  added: number;
  removed: number;
  changed: number;
  widens: number;
  readonly lines: string[];
}

function groupByNamespacePair(diff: ConnectivityDiff): PairChanges[] {
  const pairs = new Map<string, PairChanges>();
  const pairOf = (a: Access): PairChanges => {
    const from = endpointGroup(a.from);
    const to = endpointGroup(a.to);
    const key = `${from}\u0000${to}`;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { from, to, added: 0, removed: 0, changed: 0, widens: 0, lines: [] }));
    return pair;
  };
  // A change keeps its caller and destination (diff.ts matches accesses by pair), so `before` places it.
  for (const a of diff.added) {
    const p = pairOf(a);
    p.added++;
    p.widens++;
    p.lines.push(`- **added**: ${accessLine(a)}`);
  }
  for (const a of diff.removed) {
    const p = pairOf(a);
    p.removed++;
    p.lines.push(`- removed: ${accessLine(a)}`);
  }
  for (const c of diff.changed) {
    const p = pairOf(c.before);
    p.changed++;
    const widens = changeWidens(c.before, c.after);
    if (widens) p.widens++;
    p.lines.push(`- ${widens ? '**changed, widens**' : 'changed'}: ${changedLine(c)}`);
  }
  // Pairs whose access widens first: what a security review looks at before anything else.
  return [...pairs.values()].sort((x, y) => Number(y.widens > 0) - Number(x.widens > 0) || compareStrings(x.from, y.from) || compareStrings(x.to, y.to));
}

function renderGrouped(diff: ConnectivityDiff, maxChars: number, command: string): string {
  const pairs = groupByNamespacePair(diff);
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  const widening = pairs.reduce((n, p) => n + p.widens, 0);
  const seeAll = `To see every change in one list: \`${command} --detail full\`, or \`${command} --format json\`.`;
  const head = [
    '### Access changes by namespace pair',
    '',
    `${total} changes in who may call whom (${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed; ${widening} widen access) between ${pairs.length} namespace pair${pairs.length === 1 ? '' : 's'}, pairs where access widens first. ${seeAll}`,
    '',
  ];
  const body: Chunk[] = [{ lead: true, lines: ['| caller namespace | destination namespace | added | removed | changed | widens |', '|---|---|---:|---:|---:|---:|'] }];
  pairs.forEach((p, i) => body.push({
    item: 'namespace pairs',
    lines: [`| \`${cell(p.from)}\` | \`${cell(p.to)}\` | ${p.added} | ${p.removed} | ${p.changed} | ${p.widens} |`, ...(i === pairs.length - 1 ? [''] : [])],
  }));
  for (const p of pairs) {
    body.push({ lead: true, lines: [`#### \`${p.from}\` → \`${p.to}\``, ''] });
    p.lines.forEach((line, i) => body.push({ item: 'changes', lines: i === p.lines.length - 1 ? [line, ''] : [line] }));
  }
  return boundedMarkdown({ head, body, tail: [], maxChars, seeAll });
}

export function renderDiff(diff: ConnectivityDiff, format: DiffFormat, options: MarkdownOptions = {}): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  if (format !== 'markdown') throw new Error(`unknown connectivity diff format "${String(format)}": use markdown or json`);
  const detail = options.detail ?? 'auto';
  if (detail !== 'auto' && detail !== 'summary' && detail !== 'full') throw new Error(`unknown diff detail "${String(detail)}": use auto, summary or full`);
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  if (total === 0) return 'No change in who may call whom.\n';
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  if (detail === 'full') return renderChangeLists(diff);
  if (detail === 'auto' && total <= READABLE_CHANGES) {
    const lists = renderChangeLists(diff);
    if (lists.length <= maxChars) return lists;
  }
  return renderGrouped(diff, maxChars, options.command ?? 'secure-mesh diff <old> <new>');
}
