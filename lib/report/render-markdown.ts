/**
 * Markdown for a pull request: a matrix (rows callers, columns destinations, cells ports/paths), then
 * every access with the objects and rules that allow it, then the analysis notes.
 */
import { accessLabel, transportNote, transportWords } from './labels';
import { compareStrings } from './objects';
import { sortAccess } from './order';
import type { Access, ConnectivityReport } from './types';

/** Table cells cannot hold `|` or line breaks. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function accessLine(a: Access): string {
  const code = (list: readonly string[]) => list.map((p) => `\`${p}\``).join(', ');
  const http = [
    a.methods.length > 0 ? `methods ${a.methods.join(', ')}` : '',
    a.paths.length > 0 ? `paths ${code(a.paths)}` : '',
    a.notMethods?.length ? `not methods ${a.notMethods.join(', ')}` : '',
    a.notPaths?.length ? `not paths ${code(a.notPaths)}` : '',
    a.hosts?.length ? `hosts ${code(a.hosts)}` : '',
    a.notHosts?.length ? `not hosts ${code(a.notHosts)}` : '',
  ].filter(Boolean).join('; ');
  const single = a.ports.length === 1 && typeof a.ports[0] === 'number';
  return `\`${a.from}\` → \`${a.to}\`: ${a.ports.length === 0 ? 'all ports' : `port${single ? '' : 's'} ${a.ports.join(', ')}`}${http ? `; ${http}` : ''} (${transportWords(a.mtls)})`;
}

/** What the transport words in a report mean (the Mermaid legend says the same: render-mermaid.ts). */
export const TRANSPORT_LEGEND = [
  'Legend: no mark / `mTLS` = Istio mutual TLS (the destination checks the caller\'s identity); ' +
    '`app TLS` = no mesh mTLS, but the destination declares TLS on that port (a Certificate for its Service, a TLS port name or appProtocol) and does TLS itself; ' +
    '`plaintext` = no mesh mTLS and no TLS declared. Ports `1000-2000` are inclusive ranges; `cidr:` and `any` are addresses outside the cluster.',
];

const SEPARATOR = ' | ';

/**
 * `| \`caller\` | cell | cell | … |`: the same text as joining all `width` cells (empty ones included) with ` | `,
 * but runs of empty cells are slices of `separators` (SEPARATOR × width), so a row costs its non-empty cells.
 */
function matrixRow(caller: string, cells: ReadonlyMap<number, readonly string[]>, width: number, separators: string): string {
  let line = `| \`${cell(caller)}\` | `;
  let at = 0;
  for (const col of [...cells.keys()].sort((a, b) => a - b)) {
    line += separators.slice(0, SEPARATOR.length * (col - at)) + cell(cells.get(col)!.join('<br>'));
    at = col;
  }
  return `${line}${separators.slice(0, SEPARATOR.length * (width - 1 - at))} |`;
}

export function renderMarkdown(report: ConnectivityReport): string {
  const access = sortAccess(report.access);
  const callers = [...new Set(access.map((a) => a.from))].sort(compareStrings);
  const destinations = [...new Set(access.map((a) => a.to))].sort(compareStrings);
  const column = new Map(destinations.map((d, i) => [d, i]));
  // Per caller, its non-empty cells by column: the matrix is callers × destinations, but almost all cells are empty.
  const rows = new Map<string, Map<number, string[]>>();
  for (const a of access) {
    let row = rows.get(a.from);
    if (!row) rows.set(a.from, (row = new Map()));
    const col = column.get(a.to)!;
    const text = `${accessLabel(a)}${transportNote(a)}`;
    const entries = row.get(col);
    if (entries) entries.push(text);
    else row.set(col, [text]);
  }
  const lines: string[] = ['## Connectivity', ''];
  if (access.length === 0) {
    lines.push('No access is allowed between the workloads found.', '');
  } else {
    lines.push(`${access.length} allowed access${access.length === 1 ? '' : 'es'} between ${callers.length} caller${callers.length === 1 ? '' : 's'} and ${destinations.length} destination${destinations.length === 1 ? '' : 's'}. Empty cell: no access.`, '');
    lines.push(...TRANSPORT_LEGEND, '');
    lines.push(`| caller \\ destination | ${destinations.map((d) => `\`${cell(d)}\``).join(' | ')} |`);
    lines.push(`|---|${destinations.map(() => '---').join('|')}|`);
    const separators = SEPARATOR.repeat(destinations.length);
    for (const c of callers) lines.push(matrixRow(c, rows.get(c)!, destinations.length, separators));
    lines.push('', '### Access and why', '');
    for (const a of access) {
      lines.push(`- ${accessLine(a)}`);
      for (const r of a.reasons) lines.push(`  - ${r.layer}: \`${r.object}\` ${r.detail}`);
    }
    lines.push('');
  }
  if (report.notes.length > 0) {
    lines.push('### Notes', '');
    for (const n of report.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  return lines.join('\n');
}
