/**
 * The import's own check: synthesize the imported definition, put its objects in the cluster next to the workloads
 * (as `kubectl apply` would: the manifests' policies replaced by the emitted ones), and compare who may call whom
 * with the manifests as they were, pair by pair (caller, destination, port, and HTTP paths and methods where a rule
 * limits them). A pair the mesh allows and the manifests did not is a widening: `import` reports it, never hides it.
 */
import type { K8sObject } from '../k8s-object';
import type { SecureMeshProps } from '../model/definition';
import { synthesizeMesh } from '../mesh/synthesize';
import { analyzeConnectivity } from '../report/analyze';
import { isKind } from '../report/objects';
import type { AnalyzeOptions, ConnectivityReport } from '../report/types';
import type { ClusterWorkload } from './cluster-workloads';

/** Kinds the definition replaces: the manifests' own policies and namespaces give way to the emitted ones. */
const REPLACED: readonly (readonly [string, string])[] = [
  ['', 'Namespace'], ['networking.k8s.io', 'NetworkPolicy'], ['security.istio.io', 'AuthorizationPolicy'],
  ['security.istio.io', 'PeerAuthentication'], ['networking.istio.io', 'DestinationRule'], ['networking.istio.io', 'Sidecar'],
];

export interface RoundTrip {
  /** `caller -> destination:port [paths] [methods]` the imported mesh allows and the manifests did not. */
  readonly widened: readonly string[];
  /** Pairs the manifests allowed and the imported mesh does not. */
  readonly narrowed: readonly string[];
}

/** Pairs between `workloads` a report allows; a rule without ports counts for each declared container port. */
export function workloadPairs(report: ConnectivityReport, workloads: readonly ClusterWorkload[]): Set<string> {
  const portsOf = new Map(workloads.map((w) => [`${w.namespace}/${w.name}`, w.ports.map((p) => p.port)]));
  const out = new Set<string>();
  for (const a of report.access) {
    const destPorts = portsOf.get(a.to);
    if (!destPorts || !portsOf.has(a.from)) continue;
    const ports = a.ports.length > 0 ? a.ports : destPorts;
    const limits = `${a.paths.length > 0 ? ` paths ${a.paths.join(',')}` : ''}${a.methods.length > 0 ? ` methods ${a.methods.join(',')}` : ''}`;
    for (const port of ports) out.add(`${a.from} -> ${a.to}:${port}${limits}`);
  }
  return out;
}

/** The emitted objects of `spec` next to the manifests' workloads and everything else they hold. */
export function clusterAfterImport(analyzedObjects: readonly K8sObject[], spec: SecureMeshProps, unmanaged: ReadonlySet<string>): K8sObject[] {
  const kept = analyzedObjects.filter((o) => !REPLACED.some(([g, k]) => isKind(o, g, k)) || (isKind(o, '', 'Namespace') && unmanaged.has(o.metadata.name)));
  return [...kept, ...synthesizeMesh(spec).objects];
}

/** The round trip of an import; `before`, the analysis of the manifests, when it is at hand already. */
export function roundTrip(analyzedObjects: readonly K8sObject[], spec: SecureMeshProps, workloads: readonly ClusterWorkload[], options: AnalyzeOptions, before_?: ConnectivityReport): RoundTrip {
  const before = workloadPairs(before_ ?? analyzeConnectivity(analyzedObjects, options), workloads);
  const unmanaged = new Set((spec.namespaces ?? []).filter((n) => n.managed === false).map((n) => n.name));
  const after = workloadPairs(analyzeConnectivity(clusterAfterImport(analyzedObjects, spec, unmanaged), options), workloads);
  return {
    widened: [...after].filter((p) => !before.has(p)).sort(),
    narrowed: [...before].filter((p) => !after.has(p)).sort(),
  };
}
