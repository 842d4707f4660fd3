/**
 * Markdown for a mesh too large for the caller × destination matrix (5,000 workloads: 25 million cells, 103 MB):
 * namespace × namespace counts, then per destination namespace who may call what (callers with the same terms on one
 * line, no reasons), then the notes; cut to fit a pull-request comment, saying what was left out.
 */
import { boundedMarkdown, type Chunk } from './render-budget';
import { accessLabel } from './labels';
import { cell } from './render-markdown';
import { compareStrings } from './objects';
import type { Access, AccessPort, ConnectivityReport } from './types';
import { firstPort } from './port-span';
import { transportNote } from './labels';

/**
 * A namespace matrix is drawn up to this many caller and destination namespaces (the same limit as the workload
 * matrix, render.ts `READABLE_MATRIX`); past it, one table row per destination namespace.
 */
export const READABLE_NAMESPACES = 30;

/**
 * Where an endpoint is grouped: its namespace (`team-a/web`, `namespace:team-a` → `team-a`), or the endpoint itself
 * for callers outside the cluster (`cidr:10.0.0.0/8`; `any` → `(anyone)`), which no namespace name can look like
 * (DNS labels have no `:` or parentheses). Workload ids are `<namespace>/<name>` (types.ts).
 */
export function endpointGroup(id: string): string {
  if (id.startsWith('namespace:')) return id.slice('namespace:'.length);
  if (id === 'any') return '(anyone)';
  const slash = id.indexOf('/');
  return slash > 0 && !id.startsWith('cidr:') ? id.slice(0, slash) : id;
}

/** A group of callers outside the cluster (see `endpointGroup`). */
export function isOutsideGroup(group: string): boolean {
  return group.includes(':') || group.startsWith('(');
}

/** Counts of the accesses in one cell of the namespace matrix. */
class CellStats {
  public accesses = 0;
  public plaintext = 0;
  public allPorts = false;
  public readonly ports = new Set<AccessPort>();

  public add(a: Access): void {
    this.accesses++;
    if (a.mtls === 'plaintext') this.plaintext++;
    if (a.ports.length === 0) this.allPorts = true;
    for (const p of a.ports) this.ports.add(p);
  }

  /** `all ports` covers every listed port, so it stands alone. */
  public portsText(): string {
    return this.allPorts ? 'all ports' : [...this.ports].sort((x, y) => firstPort(x) - firstPort(y)).join(', ');
  }

  /** `12 · 8080, 9090 · 3 plaintext`. */
  public text(): string {
    return `${this.accesses} · ${this.portsText()}${this.plaintext > 0 ? ` · ${this.plaintext} plaintext` : ''}`;
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `a → b` terms as a short code span: `8080 · GET /orders/*` plus `(plaintext)`; backticks keep `*` literal. */
function termsLabel(a: Access): string {
  return `\`${accessLabel(a)}\`${transportNote(a)}`;
}

/**
 * Callers in sorted order, every workload of a namespace written once as `<namespace>/*` (a namespace's workloads
 * are consecutive in sorted order, since ids are `<namespace>/<name>`). "Every" leaves out the destination itself:
 * the analysis never lists a workload calling itself.
 */
function callersText(to: string, callers: readonly string[], workloadsIn: ReadonlyMap<string, number>, isWorkload: (id: string) => boolean): string {
  const out: string[] = [];
  for (let i = 0; i < callers.length;) {
    const id = callers[i];
    const ns = endpointGroup(id);
    let j = i + 1;
    if (isWorkload(id)) while (j < callers.length && isWorkload(callers[j]) && endpointGroup(callers[j]) === ns) j++;
    const all = (workloadsIn.get(ns) ?? 0) - (endpointGroup(to) === ns ? 1 : 0);
    if (isWorkload(id) && j - i === all && all > 1) {
      out.push(`\`${ns}/*\``);
    } else {
      for (let k = i; k < j; k++) out.push(`\`${callers[k]}\``);
    }
    i = j;
  }
  return out.join(', ');
}

/** `- \`ns/dest\`: \`8080\` ← \`a\`, \`b\`; \`9090\` (plaintext) ← \`c\``: one line per destination, callers grouped by terms. */
function destinationLine(to: string, access: readonly Access[], workloadsIn: ReadonlyMap<string, number>, isWorkload: (id: string) => boolean): string {
  const byTerms = new Map<string, string[]>();
  for (const a of access) {
    const label = termsLabel(a);
    const callers = byTerms.get(label);
    if (callers) callers.push(a.from);
    else byTerms.set(label, [a.from]);
  }
  const groups = [...byTerms.keys()].sort(compareStrings).map((label) => {
    const callers = [...new Set(byTerms.get(label))].sort(compareStrings);
    return `${label} ← ${callersText(to, callers, workloadsIn, isWorkload)}`;
  });
  return `- \`${to}\`: ${groups.join('; ')}`;
}

export interface SummaryOptions {
  readonly maxChars: number;
  /** The command that produced the report (`secure-mesh graph mesh.yaml`), for how to see everything. */
  readonly command: string;
}

export function renderSummaryMarkdown(report: ConnectivityReport, options: SummaryOptions): string {
  // No canonical sort of the accesses (0.2 s at 5,000 workloads): everything shown is sorted where it is shown
  // (namespaces, destinations, terms, callers), so the order of `report.access` cannot change the text.
  const access = report.access;
  const workloadIds = new Set(report.workloads.map((w) => w.id));
  const isWorkload = (id: string) => workloadIds.has(id);
  const workloadsIn = new Map<string, number>();
  for (const w of report.workloads) workloadsIn.set(w.namespace, (workloadsIn.get(w.namespace) ?? 0) + 1);

  const callers = new Set<string>();
  const destinations = new Set<string>();
  // Destination namespace → caller group → counts; a destination namespace's accesses, by destination.
  const cells = new Map<string, Map<string, CellStats>>();
  const byDestination = new Map<string, Map<string, Access[]>>();
  let plaintext = 0;
  for (const a of access) {
    callers.add(a.from);
    destinations.add(a.to);
    if (a.mtls === 'plaintext') plaintext++;
    const to = endpointGroup(a.to);
    let column = cells.get(to);
    if (!column) cells.set(to, (column = new Map()));
    const from = endpointGroup(a.from);
    let stats = column.get(from);
    if (!stats) column.set(from, (stats = new CellStats()));
    stats.add(a);
    let inNamespace = byDestination.get(to);
    if (!inNamespace) byDestination.set(to, (inNamespace = new Map()));
    const list = inNamespace.get(a.to);
    if (list) list.push(a);
    else inNamespace.set(a.to, [a]);
  }
  const destinationNamespaces = [...cells.keys()].sort(compareStrings);
  const callerGroups = [...new Set([...cells.values()].flatMap((c) => [...c.keys()]))].sort(compareStrings);
  const namespaces = new Set([...destinationNamespaces, ...callerGroups.filter((g) => !isOutsideGroup(g))]);

  const seeAll = `To see every access and why: \`${options.command} --detail full\` (the caller × destination matrix and the reasons) or \`${options.command} --format json\`.`;
  const head = ['## Connectivity', ''];
  const body: Chunk[] = [];
  if (access.length === 0) {
    head.push('No access is allowed between the workloads found.', '');
  } else {
    head.push(
      `${plural(access.length, 'allowed access', 'allowed accesses')} between ${plural(callers.size, 'caller')} and ${plural(destinations.size, 'destination')} in ${plural(namespaces.size, 'namespace')}, ${plaintext} of them plaintext: a summary by namespace. ${seeAll}`,
      '',
      '### Namespaces',
      '',
    );
    const matrix = callerGroups.length <= READABLE_NAMESPACES && destinationNamespaces.length <= READABLE_NAMESPACES;
    if (matrix) {
      head.push('Rows: caller namespace (or caller outside the cluster); columns: destination namespace. Cell: allowed accesses · ports · how many of them are plaintext. Empty cell: no access.', '');
      body.push({
        lead: true,
        lines: [`| caller \\ destination | ${destinationNamespaces.map((d) => `\`${cell(d)}\``).join(' | ')} |`, `|---|${destinationNamespaces.map(() => '---').join('|')}|`],
      });
      for (const from of callerGroups) {
        const row = destinationNamespaces.map((to) => cells.get(to)!.get(from)?.text() ?? '');
        body.push({ item: 'namespace rows', lines: [`| \`${cell(from)}\` | ${row.map(cell).join(' | ')} |`] });
      }
    } else {
      head.push('One row per destination namespace (callers outside the cluster count as one caller namespace each); which namespaces call it, and how, heads its section below.', '');
      body.push({ lead: true, lines: ['| destination namespace | accesses | plaintext | ports | workloads called | caller namespaces |', '|---|---:|---:|---|---:|---:|'] });
      for (const to of destinationNamespaces) {
        const total = new CellStats();
        for (const list of byDestination.get(to)!.values()) for (const a of list) total.add(a);
        body.push({ item: 'namespace rows', lines: [`| \`${cell(to)}\` | ${total.accesses} | ${total.plaintext} | ${cell(total.portsText())} | ${byDestination.get(to)!.size} | ${cells.get(to)!.size} |`] });
      }
    }
    body.push({ lead: true, lines: [
      '',
      '### Who may call what',
      '',
      'Per destination namespace, each destination with its callers, grouped by what they may reach: `ports · methods paths`, `(app TLS)` without mesh mTLS where the destination declares TLS, `(plaintext)` without either; `<namespace>/*` is every workload of that namespace (but the destination itself).',
      '',
    ] });
    for (const to of destinationNamespaces) {
      body.push({
        lead: true,
        lines: () => {
          if (matrix) return [`#### \`${to}\``, ''];
          const from = [...cells.get(to)!].sort(([x], [y]) => compareStrings(x, y)).map(([group, stats]) => `\`${group}\` ${stats.text()}`);
          return [`#### \`${to}\``, '', `From ${from.join(' · ')}.`, ''];
        },
      });
      const inNamespace = byDestination.get(to)!;
      const dests = [...inNamespace.keys()].sort(compareStrings);
      dests.forEach((d, i) => body.push({
        item: 'destination lines',
        lines: () => {
          const line = destinationLine(d, inNamespace.get(d)!, workloadsIn, isWorkload);
          return i === dests.length - 1 ? [line, ''] : [line];
        },
      }));
    }
  }
  const tail: Chunk[] = [];
  if (report.notes.length > 0) {
    tail.push({ lead: true, lines: ['### Notes', ''] });
    report.notes.forEach((n, i) => tail.push({ item: 'notes', lines: i === report.notes.length - 1 ? [`- ${n}`, ''] : [`- ${n}`] }));
  }
  return boundedMarkdown({ head, body, tail, maxChars: options.maxChars, seeAll });
}
