/**
 * Markdown for a pull request: a matrix (rows callers, columns destinations, cells ports/paths), then
 * every access with the objects and rules that allow it, then the analysis notes.
 */
import { accessLabel } from './labels';
import { compareStrings } from './objects';
import { sortAccess } from './order';
import type { Access, ConnectivityReport } from './types';

/** Table cells cannot hold `|` or line breaks. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function accessLine(a: Access): string {
  const http = [a.methods.length > 0 ? `methods ${a.methods.join(', ')}` : '', a.paths.length > 0 ? `paths ${a.paths.map((p) => `\`${p}\``).join(', ')}` : ''].filter(Boolean).join('; ');
  return `\`${a.from}\` → \`${a.to}\`: ${a.ports.length === 0 ? 'all ports' : `port${a.ports.length > 1 ? 's' : ''} ${a.ports.join(', ')}`}${http ? `; ${http}` : ''} (${a.mtls === 'mutual' ? 'mTLS' : 'plaintext'})`;
}

export function renderMarkdown(report: ConnectivityReport): string {
  const access = sortAccess(report.access);
  const callers = [...new Set(access.map((a) => a.from))].sort(compareStrings);
  const destinations = [...new Set(access.map((a) => a.to))].sort(compareStrings);
  const cells = new Map<string, string[]>();
  for (const a of access) {
    const key = `${a.from}\u0000${a.to}`;
    cells.set(key, [...(cells.get(key) ?? []), `${accessLabel(a)}${a.mtls === 'mutual' ? '' : ' (plaintext)'}`]);
  }
  const lines: string[] = ['## Connectivity', ''];
  if (access.length === 0) {
    lines.push('No access is allowed between the workloads found.', '');
  } else {
    lines.push(`${access.length} allowed access${access.length === 1 ? '' : 'es'} between ${callers.length} caller${callers.length === 1 ? '' : 's'} and ${destinations.length} destination${destinations.length === 1 ? '' : 's'}. Empty cell: no access.`, '');
    lines.push(`| caller \\ destination | ${destinations.map((d) => `\`${cell(d)}\``).join(' | ')} |`);
    lines.push(`|---|${destinations.map(() => '---').join('|')}|`);
    for (const c of callers) {
      lines.push(`| \`${cell(c)}\` | ${destinations.map((d) => cell((cells.get(`${c}\u0000${d}`) ?? []).join('<br>'))).join(' | ')} |`);
    }
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
