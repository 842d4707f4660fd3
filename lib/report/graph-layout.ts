/** What both diagram formats draw: stable node ids, namespace groups, edges. */
import { accessLabel, endpointLabel, endpointNamespace } from './labels';
import { compareStrings } from './objects';
import { sortAccess } from './order';
import type { AccessPort, ConnectivityReport, WorkloadNode } from './types';

export interface DiagramNode { readonly key: string; readonly id: string; readonly label: string }
export interface DiagramEdge { readonly from: string; readonly to: string; readonly label: string; readonly mutual: boolean; readonly ports: readonly AccessPort[] }
export interface Diagram {
  /** Namespace → its nodes, namespaces sorted. */
  readonly groups: readonly { readonly namespace: string; readonly nodes: readonly DiagramNode[] }[];
  /** Callers outside the cluster (`any`, `cidr:`). */
  readonly outside: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** Nodes are numbered in sorted id order (`n0`, `n1`, …), so the same report always draws the same text. */
export function layout(report: ConnectivityReport): Diagram {
  const nodes = new Map<string, WorkloadNode>(report.workloads.map((w) => [w.id, w]));
  const access = sortAccess(report.access);
  const ids = [...new Set([...report.workloads.map((w) => w.id), ...access.flatMap((a) => [a.from, a.to])])].sort(compareStrings);
  const keys = new Map(ids.map((id, i) => [id, `n${i}`]));
  const byNamespace = new Map<string, DiagramNode[]>();
  const outside: DiagramNode[] = [];
  for (const id of ids) {
    const node = { key: keys.get(id)!, id, label: endpointLabel(id, nodes) };
    const ns = endpointNamespace(id, nodes);
    if (ns === undefined) outside.push(node);
    else byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), node]);
  }
  return {
    groups: [...byNamespace.keys()].sort(compareStrings).map((namespace) => ({ namespace, nodes: byNamespace.get(namespace)! })),
    outside,
    edges: access.map((a) => ({ from: keys.get(a.from)!, to: keys.get(a.to)!, label: accessLabel(a), mutual: a.mtls === 'mutual', ports: a.ports })),
  };
}
