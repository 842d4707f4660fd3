/**
 * Mermaid `flowchart LR` (renders natively in GitHub pull requests) that mermaid and GitHub accept at any size: a
 * subgraph per namespace, an edge per access labelled with its ports and paths (mutual TLS solid, the rest dotted), a
 * legend, and the platform plumbing every pod has (DNS, istiod, Prometheus scraping the sidecars) drawn once per
 * namespace instead of once per workload. When that still exceeds mermaid's default limits (500 edges, 50,000
 * characters), the diagram is drawn by namespace: one node per namespace, one edge per pair of namespaces with how
 * many accesses it stands for; past the limits even then, the busiest pairs, and a node saying how many were left out.
 */
import { DNS_PORT, ENVOY_PROMETHEUS_PORT, ISTIOD_XDS_PORT, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, SIDECAR_METRICS_PORT } from './wellknown';
import { layout, type Diagram, type DiagramEdge } from './graph-layout';
import type { AccessPort, ConnectivityReport, ReportDetail } from './types';
import { firstPort } from './port-span';

/** Ports every meshed pod dials: cluster DNS and istiod's xDS/CA port (the plumbing is the destination). */
const DIALED_PLUMBING_PORTS: ReadonlySet<number> = new Set([DNS_PORT, ISTIOD_XDS_PORT]);
/** Sidecar metrics ports Prometheus scrapes on every meshed pod (the plumbing is the caller). */
const SCRAPED_PLUMBING_PORTS: ReadonlySet<number> = new Set([SIDECAR_METRICS_PORT, ENVOY_PROMETHEUS_PORT]);

/** Room kept for the legend (2 edges) and the "left out" node's text. */
const LEGEND_EDGES = 2;
const RESERVED_TEXT = 600;

export interface MermaidOptions {
  /**
   * `full`: every access, however large (may exceed mermaid's limits); `summary`: by namespace; `auto`: by workload
   * with the plumbing collapsed when that fits mermaid's limits, else by namespace.
   * @default 'auto'
   */
  readonly detail?: ReportDetail;
  /** The command that produced the diagram, for the "see everything" hint. @default 'secure-mesh graph <input>' */
  readonly command?: string;
}

/** Mermaid strings in double quotes: `"` must be written as an entity. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

const LEGEND = [
  '  subgraph legend["Legend"]',
  '    legendA["caller"] -->|"Istio mutual TLS: the caller\'s identity is checked"| legendB["destination"]',
  '    legendC["caller"] -.->|"no mesh mTLS: plaintext, or TLS the app does itself"| legendD["destination"]',
  '  end',
];

export function renderMermaid(report: ConnectivityReport, options: MermaidOptions = {}): string {
  const detail = options.detail ?? 'auto';
  const d = layout(report);
  if (detail === 'full') return drawWorkloads(d, d.edges, []);
  if (detail === 'auto') {
    const collapsed = collapsePlumbing(d);
    const text = drawWorkloads(d, collapsed.edges, collapsed.namespaceEdges);
    if (collapsed.edges.length + collapsed.namespaceEdges.length + LEGEND_EDGES <= MERMAID_MAX_EDGES && text.length <= MERMAID_MAX_TEXT) return text;
  }
  return drawNamespaces(d, options.command ?? 'secure-mesh graph <input>');
}

function drawWorkloads(d: Diagram, edges: readonly DiagramEdge[], namespaceEdges: readonly DiagramEdge[]): string {
  const lines = ['flowchart LR', ...LEGEND];
  d.groups.forEach((g, i) => {
    lines.push(`  subgraph ns${i}[${quote(g.namespace)}]`);
    for (const n of g.nodes) lines.push(`    ${n.key}[${quote(n.label)}]`);
    lines.push('  end');
  });
  for (const n of d.outside) lines.push(`  ${n.key}([${quote(n.label)}])`);
  for (const e of [...edges, ...namespaceEdges]) lines.push(edgeLine(e));
  return `${lines.join('\n')}\n`;
}

function edgeLine(e: DiagramEdge): string {
  return `  ${e.from} ${e.mutual ? '-->' : '-.->'}|${quote(e.label)}| ${e.to}`;
}

/**
 * Plumbing edges grouped by namespace: a workload (or a namespace's other pods) dialing DNS or istiod, and Prometheus
 * scraping a sidecar's metrics, become one edge between the plumbing node and the namespace's subgraph per label,
 * instead of one per workload. Other accesses keep their edges.
 */
function collapsePlumbing(d: Diagram): { edges: DiagramEdge[]; namespaceEdges: DiagramEdge[] } {
  const subgraphOf = new Map<string, string>();
  const pseudo = new Set<string>();
  d.groups.forEach((g, i) => {
    for (const n of g.nodes) {
      subgraphOf.set(n.key, `ns${i}`);
      if (n.id.startsWith('namespace:')) pseudo.add(n.key);
    }
  });
  const plumbing = new Map<string, DiagramEdge>();
  const edges: DiagramEdge[] = [];
  for (const e of d.edges) {
    let collapsed: DiagramEdge | undefined;
    // The plumbing side is a real workload in another namespace (a namespace's other pods are callers like any other,
    // and calls inside a namespace are its own business).
    const across = subgraphOf.has(e.from) && subgraphOf.has(e.to) && subgraphOf.get(e.from) !== subgraphOf.get(e.to);
    if (across && portsWithin(e, DIALED_PLUMBING_PORTS) && !pseudo.has(e.to)) collapsed = { ...e, from: subgraphOf.get(e.from)! };
    else if (across && portsWithin(e, SCRAPED_PLUMBING_PORTS) && !pseudo.has(e.from)) collapsed = { ...e, to: subgraphOf.get(e.to)! };
    if (!collapsed) {
      edges.push(e);
      continue;
    }
    const key = `${collapsed.from}\0${collapsed.to}\0${e.label}\0${e.mutual}`;
    if (!plumbing.has(key)) plumbing.set(key, collapsed);
  }
  return { edges, namespaceEdges: [...plumbing.values()] };
}

function portsWithin(e: DiagramEdge, ports: ReadonlySet<number>): boolean {
  return e.ports.length > 0 && e.ports.every((p) => typeof p === 'number' && ports.has(p));
}

/** One node per namespace (and per outside caller), one edge per pair with the number of accesses it stands for. */
function drawNamespaces(d: Diagram, command: string): string {
  const namespaceOf = new Map<string, string>();
  d.groups.forEach((g, i) => { for (const n of g.nodes) namespaceOf.set(n.key, `ns${i}`); });
  for (const n of d.outside) namespaceOf.set(n.key, n.key);
  const pairs = new Map<string, { from: string; to: string; accesses: number; mutual: boolean; ports: Set<AccessPort>; allPorts: boolean }>();
  for (const e of d.edges) {
    const from = namespaceOf.get(e.from)!;
    const to = namespaceOf.get(e.to)!;
    const key = `${from}\0${to}`;
    const pair = pairs.get(key) ?? { from, to, accesses: 0, mutual: true, ports: new Set<AccessPort>(), allPorts: false };
    pair.accesses++;
    pair.mutual &&= e.mutual;
    if (e.ports.length === 0) pair.allPorts = true;
    for (const p of e.ports) pair.ports.add(p);
    pairs.set(key, pair);
  }
  // Busiest pairs first when not all fit; drawn in a stable order.
  const ranked = [...pairs.values()].sort((a, b) => b.accesses - a.accesses || (a.from + a.to < b.from + b.to ? -1 : 1));
  const lines = ['flowchart LR', ...LEGEND];
  d.groups.forEach((g, i) => lines.push(`  ns${i}[${quote(`${g.namespace} (${g.nodes.length} ${g.nodes.length === 1 ? 'workload' : 'workloads'})`)}]`));
  for (const n of d.outside) lines.push(`  ${n.key}([${quote(n.label)}])`);
  let size = lines.reduce((n, l) => n + l.length + 1, 0) + RESERVED_TEXT;
  let drawn = 0;
  for (const p of ranked) {
    const line = edgeLine({ from: p.from, to: p.to, mutual: p.mutual, label: pairLabel(p), ports: [] });
    if (drawn + LEGEND_EDGES >= MERMAID_MAX_EDGES || size + line.length + 1 > MERMAID_MAX_TEXT) break;
    lines.push(line);
    size += line.length + 1;
    drawn++;
  }
  if (drawn < ranked.length) {
    lines.push(`  leftOut[${quote(`${ranked.length - drawn} of ${ranked.length} namespace pairs left out to stay within mermaid's limits; every access: ${command} --format markdown --detail full`)}]`);
  }
  return `${lines.join('\n')}\n`;
}

function pairLabel(p: { accesses: number; ports: Set<AccessPort>; allPorts: boolean }): string {
  const ports = p.allPorts ? 'all ports' : [...p.ports].sort((a, b) => firstPort(a) - firstPort(b)).slice(0, 6).join(', ') + (p.ports.size > 6 ? ', …' : '');
  return `${p.accesses} ${p.accesses === 1 ? 'access' : 'accesses'} · ${ports}`;
}
