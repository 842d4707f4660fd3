import type { Edge } from './edge';
import type { ResolvedMesh, ResolvedNamespace, ResolvedWorkload } from '../model/resolved';
import { workloadKey } from '../model/resolved';
import type { EdgeRelay, Relay } from './relay';

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

export function buildIntentGraph(mesh: ResolvedMesh, relays: readonly Relay[] = []): IntentGraph {
  const edges: Edge[] = [];
  const relaysTo = new Map<string, Relay[]>();
  for (const r of relays) {
    const key = workloadKey({ namespace: r.namespace, name: r.workload });
    const list = relaysTo.get(key);
    if (list) list.push(r);
    else relaysTo.set(key, [r]);
  }
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
    const toRelays = relaysTo.get(toKey);
    for (const rule of to.ingress) {
      for (const from of rule.from) {
        const via = toRelays ? relayOf(toRelays, from, rule.ports) : undefined;
        const edge: Edge = via
          ? { from, to, ports: rule.ports, paths: rule.paths, methods: rule.methods, source: rule.source, via }
          : { from, to, ports: rule.ports, paths: rule.paths, methods: rule.methods, source: rule.source };
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

  // What the emitters ask per workload, by the workload object: building `namespace/name` and hashing it on every
  // question cost ~15 ms per synthesis at 5,000 workloads (three questions per workload). A workload object not of this
  // mesh (none today) is still answered, by its key.
  const byWorkload = new Map<ResolvedWorkload, WorkloadEdges>();
  const edgesOf = (key: string): WorkloadEdges => ({ ingress: ingress.get(key) ?? NO_EDGES, egress: egress.get(key) ?? NO_EDGES, plaintext: plaintext.get(key) });
  for (const w of mesh.workloads) byWorkload.set(w, edgesOf(workloadKey(w)));
  const of = (w: ResolvedWorkload): WorkloadEdges => byWorkload.get(w) ?? edgesOf(workloadKey(w));

  return {
    edges,
    ingressOf: (w) => of(w).ingress,
    egressOf: (w) => of(w).egress,
    namespaceEgressOf: (ns) => namespaceEgress.get(ns) ?? NO_EDGES,
    plaintextPortsOf: (w) => of(w).plaintext,
    namespace: (name) => namespaces.get(name),
  };
}

interface WorkloadEdges {
  readonly ingress: readonly Edge[];
  readonly egress: readonly Edge[];
  readonly plaintext: readonly number[] | 'all' | undefined;
}

const NO_EDGES: readonly Edge[] = Object.freeze([]);

/**
 * The hops a caller takes to a relayed workload on these ports. Only the definition's own callers (workloads and
 * namespaces) take them: system callers are the hops themselves or the platform's probes, and IP blocks have no
 * egress of ours to open. Ports overlap when either side admits every port.
 */
function relayOf(relays: readonly Relay[], from: Edge['from'], ports: readonly number[]): EdgeRelay | undefined {
  if (from.kind !== 'workload' && from.kind !== 'namespace') return undefined;
  const hops: EdgeRelay['hops'][number][] = [];
  const sidecarHosts: string[] = [];
  for (const r of relays) {
    if (r.ports.length > 0 && ports.length > 0 && !ports.some((p) => r.ports.includes(p))) continue;
    for (const hop of r.hops) {
      if (hop.callers === 'all' || (hop.callers === 'with-sidecar') === from.sidecar) hops.push(hop);
    }
    if (from.sidecar) sidecarHosts.push(...r.sidecarHosts);
  }
  return hops.length > 0 || sidecarHosts.length > 0 ? { hops, sidecarHosts } : undefined;
}
