import type { Edge } from './edge';
import type { ResolvedMesh, ResolvedNamespace, ResolvedWorkload } from '../model/resolved';
import { workloadKey } from '../model/resolved';

/**
 * The connectivity graph of a resolved mesh, indexed both ways: the edges into each workload
 * (what its ingress policies admit) and the edges out of each workload and namespace (what the
 * callers' egress policies must open). Built once, in linear time; emitters only read it.
 */
export interface IntentGraph {
  readonly edges: readonly Edge[];
  /** Edges into a workload, in rule order. */
  ingressOf(workload: ResolvedWorkload): readonly Edge[];
  /** Edges whose caller is this workload. */
  egressOf(workload: ResolvedWorkload): readonly Edge[];
  /** Edges whose caller is a whole namespace, or a system caller living in it. */
  namespaceEgressOf(namespace: string): readonly Edge[];
  /** Whether any caller reaches this workload without a mesh identity (it must accept plaintext there). */
  plaintextPortsOf(workload: ResolvedWorkload): readonly number[] | 'all' | undefined;
  namespace(name: string): ResolvedNamespace | undefined;
}

export function buildIntentGraph(mesh: ResolvedMesh): IntentGraph {
  const edges: Edge[] = [];
  const ingress = new Map<string, Edge[]>();
  const egress = new Map<string, Edge[]>();
  const namespaceEgress = new Map<string, Edge[]>();
  const push = (map: Map<string, Edge[]>, key: string, edge: Edge) => {
    const list = map.get(key);
    if (list) list.push(edge);
    else map.set(key, [edge]);
  };

  // Ports on which a workload with a sidecar is called by callers without a mesh identity.
  const plaintextPorts = new Map<string, Set<number> | 'all'>();
  for (const to of mesh.workloads) {
    const toKey = workloadKey(to);
    for (const rule of to.ingress) {
      for (const from of rule.from) {
        const edge: Edge = { from, to, ports: rule.ports, paths: rule.paths, methods: rule.methods, source: rule.source };
        edges.push(edge);
        push(ingress, toKey, edge);
        if (from.kind === 'workload') push(egress, workloadKey(from), edge);
        else if (from.kind === 'namespace' || from.kind === 'system') push(namespaceEgress, from.namespace, edge);
        if (to.sidecar && (from.kind === 'cidr' || !from.sidecar)) {
          const current = plaintextPorts.get(toKey);
          if (current === 'all') continue;
          if (edge.ports.length === 0) plaintextPorts.set(toKey, 'all');
          else if (current) for (const port of edge.ports) current.add(port);
          else plaintextPorts.set(toKey, new Set(edge.ports));
        }
      }
    }
  }

  const namespaces = new Map(mesh.namespaces.map((n) => [n.name, n]));
  const plaintext = new Map<string, readonly number[] | 'all'>();
  for (const [key, ports] of plaintextPorts) plaintext.set(key, ports === 'all' ? 'all' : [...ports].sort((a, b) => a - b));

  return {
    edges,
    ingressOf: (w) => ingress.get(workloadKey(w)) ?? [],
    egressOf: (w) => egress.get(workloadKey(w)) ?? [],
    namespaceEgressOf: (ns) => namespaceEgress.get(ns) ?? [],
    plaintextPortsOf: (w) => plaintext.get(workloadKey(w)),
    namespace: (name) => namespaces.get(name),
  };
}
