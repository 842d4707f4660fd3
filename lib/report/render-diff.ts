/** A connectivity diff as Markdown to paste into a pull request, or as JSON for tools. */
import { changeWidens } from './diff';
import { accessLine } from './render-markdown';
import type { ConnectivityDiff, DiffFormat } from './types';

export function renderDiff(diff: ConnectivityDiff, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  if (format !== 'markdown') throw new Error(`unknown connectivity diff format "${String(format)}": use markdown or json`);
  const lines: string[] = [];
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) return 'No change in who may call whom.\n';
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`### ${title}`, '', ...items.map((i) => `- ${i}`), '');
  };
  section('Access added', diff.added.map(accessLine));
  section('Access removed', diff.removed.map(accessLine));
  section('Access changed', diff.changed.map((c) => `${changeWidens(c.before, c.after) ? '**widens**: ' : ''}${accessLine(c.before)} ⇒ ${accessLine(c.after).replace(/^`[^`]*` → `[^`]*`: /, '')}`));
  return lines.join('\n');
}
