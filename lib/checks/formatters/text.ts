import type { Finding } from '../finding';
import type { Severity } from '../rule';

export interface Located extends Finding {
  readonly file?: string;
  readonly line?: number;
  /** Where the other objects of the finding (`relatedTargets`) are, for those read from a file. */
  readonly relatedAt?: readonly { readonly object: string; readonly file: string; readonly line: number }[];
}

const COLORS: Readonly<Record<Severity | 'dim' | 'bold', [string, string]>> = {
  error: ['\u001b[31m', '\u001b[39m'],
  warning: ['\u001b[33m', '\u001b[39m'],
  info: ['\u001b[36m', '\u001b[39m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  bold: ['\u001b[1m', '\u001b[22m'],
};

/**
 * Findings grouped by object, objects in file/line order, e.g.
 *
 *     mesh/shop.yaml:12  DestinationRule/shop/web
 *       error    SM-IS-009  trafficPolicy.tls sets DISABLE … (PeerAuthentication/shop/default)
 *
 *     2 errors, 1 warning, 0 info (1 suppressed)
 */
export function formatText(findings: readonly Located[], color: boolean): string {
  const paint = (k: keyof typeof COLORS, s: string): string => (color ? `${COLORS[k][0]}${s}${COLORS[k][1]}` : s);
  const groups = new Map<string, Located[]>();
  for (const f of findings) {
    const where = f.file ? `${f.file}:${f.line ?? 1}  ` : '';
    const key = `${where}${f.object}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [key, list] of groups) {
    lines.push(paint('bold', key));
    for (const f of list) {
      const sev = f.suppressed ? 'suppressed' : f.severity;
      const label = f.suppressed ? paint('dim', sev.padEnd(10)) : paint(f.severity, sev.padEnd(10));
      lines.push(`  ${label} ${f.ruleId.padEnd(11)} ${f.message}${f.related.length ? paint('dim', ` (${f.related.join(', ')})`) : ''}`);
      if (f.suppressed) lines.push(`  ${' '.repeat(10)} ${' '.repeat(11)} ${paint('dim', `suppressed: ${f.suppressed}`)}`);
    }
    lines.push('');
  }
  const active = findings.filter((f) => !f.suppressed);
  const count = (s: Severity): number => active.filter((f) => f.severity === s).length;
  const suppressed = findings.length - active.length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info${suppressed ? ` (${suppressed} suppressed)` : ''}`);
  return `${lines.join('\n')}\n`;
}
