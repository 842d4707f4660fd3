import type { IntentGraph } from '../intent/graph';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedNamespace, ResolvedWorkload } from '../model/resolved';
import { SIDECAR } from '../mesh/kinds';
import { meta } from '../mesh/metadata';
import { plainManifest } from '../mesh/plain-manifest';
import { DEFAULT_POLICY_NAME } from './wellknown';
import { auditedNamespaces, isAudited } from './enforcement';

/**
 * `default` Sidecar of an isolated, meshed namespace: istiod pushes every proxy the configuration of
 * every service in the mesh unless a Sidecar narrows it. The egress graph says exactly which
 * services the namespace's workloads may call, so each proxy gets those hosts plus Istio's own
 * namespace (istiod, gateways) — configuration grows with what is declared, not with the mesh.
 * Namespaces with isolation `none` may call anything and keep the full configuration, as do namespaces in audit.
 */
export function namespaceSidecar(mesh: ResolvedMesh, graph: IntentGraph, ns: ResolvedNamespace, workloads: readonly ResolvedWorkload[], meshed: boolean): K8sObject | undefined {
  const istio = mesh.istio;
  // A Sidecar's egress scope has no dry run: in audit the namespace keeps the full configuration.
  if (!istio?.sidecarScoping || !ns.managed || !meshed || ns.isolation === 'none' || isAudited(ns)) return undefined;
  const hosts = new Set<string>([`${istio.istiodNamespace}/*`, `${istio.rootNamespace}/*`]);
  if (ns.isolation === 'namespace') hosts.add(`${ns.name}/*`);
  // Namespaces in audit refuse nothing; a caller's scope must not either (with REGISTRY_ONLY an unknown host is refused).
  for (const audited of auditedNamespaces(mesh)) hosts.add(`${audited}/*`);
  // The services called, each once (many edges lead to the same one), then their host names.
  const called = new Set<ResolvedWorkload>();
  for (const workload of workloads) {
    for (const edge of graph.egressOf(workload)) {
      called.add(edge.to);
      // Routes through Services the definition does not name (Knative revisions, the local gateway).
      for (const h of edge.via?.sidecarHosts ?? []) hosts.add(h);
    }
    for (const rule of workload.egress) if (rule.to.kind === 'namespace') hosts.add(`${rule.to.namespace}/*`);
  }
  for (const edge of graph.namespaceEgressOf(ns.name)) {
    called.add(edge.to);
    for (const h of edge.via?.sidecarHosts ?? []) hosts.add(h);
  }
  for (const w of called) hosts.add(`${w.namespace}/${w.serviceName}.${w.namespace}.svc.${mesh.clusterDomain}`);
  return plainManifest(SIDECAR, {
    metadata: meta(DEFAULT_POLICY_NAME, ns.name),
    spec: { egress: [{ hosts: withoutCovered(hosts) }] },
  });
}

/**
 * The hosts, sorted, less those a `<namespace>/*` entry already imports: Istio's `hosts` entry `ns/*` selects every
 * service of namespace `ns` (Sidecar reference, `IstioEgressListener.hosts`), so `ns/api.ns.svc.cluster.local` next
 * to it only lengthens the object a reviewer reads.
 */
function withoutCovered(hosts: ReadonlySet<string>): string[] {
  return [...hosts].filter((h) => {
    const slash = h.indexOf('/');
    return h.slice(slash + 1) === '*' || !hosts.has(`${h.slice(0, slash)}/*`);
  }).sort();
}
