import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IntentGraph } from '../intent/graph';
import { ENVOY_PROMETHEUS_PORT, ISTIOD_POD_LABELS, ISTIOD_XDS_PORT, SIDECAR_METRICS_PORT } from '../istio/wellknown';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedNamespace } from '../model/resolved';
import { NETWORK_POLICY } from '../mesh/kinds';
import { meta } from '../mesh/metadata';
import { plainManifest, type ManifestJson } from '../mesh/plain-manifest';
import { DENY_BY_DEFAULT_POLICY } from '../model/object-names';
import { byName, networkPolicyPeer, RulesByPorts, tcpPorts } from './peers';
import { DNS_NAMESPACE, DNS_POD_LABELS, DNS_PORT } from './wellknown';
import { auditedNamespaces, isAudited } from '../istio/enforcement';

/** The baseline's name (reserved: lib/model/object-names.ts). */
export const BASELINE_POLICY = DENY_BY_DEFAULT_POLICY;

/**
 * `default-deny`: selects every pod of an isolated namespace for ingress and egress, so nothing
 * flows unless a rule admits it, and opens only what every pod needs regardless of edges:
 * DNS (UDP and TCP 53 to kube-dns), istiod 15012 for sidecars (without it proxies never become
 * ready), Prometheus to the sidecar metrics ports when monitoring is on, the namespace's own pods
 * with `namespace` isolation, every namespace in audit (see `EnforcementMode`), and calls that whole namespaces are allowed to make (with the pods on their way, `Edge.via`). `meshed`: whether any pod of the
 * namespace runs a sidecar (`emitObjects` knows it from the namespace's workloads; otherwise every workload is scanned).
 */
export function namespaceBaselinePolicy(mesh: ResolvedMesh, graph: IntentGraph, ns: ResolvedNamespace, meshed?: boolean): K8sObject | undefined {
  // NetworkPolicies have no dry run: a namespace in audit gets none.
  if (!mesh.networkPolicies || !ns.managed || ns.isolation === 'none' || isAudited(ns)) return undefined;
  const sidecars = meshed ?? (ns.sidecar || mesh.workloads.some((w) => w.namespace === ns.name && w.sidecar));
  const egress: ManifestJson<NetworkPolicyEgressRule>[] = [{
    to: [{ namespaceSelector: byName(DNS_NAMESPACE), podSelector: { matchLabels: { ...DNS_POD_LABELS } } }],
    ports: [{ protocol: 'UDP', port: DNS_PORT }, { protocol: 'TCP', port: DNS_PORT }],
  }];
  const ingress: ManifestJson<NetworkPolicyIngressRule>[] = [];
  if (mesh.istio && sidecars) {
    egress.push({ to: [{ namespaceSelector: byName(mesh.istio.istiodNamespace), podSelector: { matchLabels: { ...ISTIOD_POD_LABELS } } }], ports: tcpPorts([ISTIOD_XDS_PORT]) });
    if (mesh.monitoring) {
      ingress.push({ from: [networkPolicyPeer({ kind: 'system', name: 'prometheus', ...mesh.monitoring.prometheus })], ports: tcpPorts([SIDECAR_METRICS_PORT, ENVOY_PROMETHEUS_PORT]) });
    }
  }
  if (ns.isolation === 'namespace') {
    ingress.push({ from: [{ podSelector: {} }] });
    egress.push({ to: [{ podSelector: {} }] });
  }
  // The workloads the whole namespace may call: one rule per set of ports, peers compacted as in workload policies.
  const calls = new RulesByPorts();
  for (const edge of graph.namespaceEgressOf(ns.name)) {
    if (!edge.to.hostNetwork) calls.peersFor(edge.ports).addPods(edge.to.namespace, edge.to.selector);
    // Pods the platform puts on the way (Knative's activator, the local gateway): the callers connect to them.
    for (const hop of edge.via?.hops ?? []) calls.peersFor(hop.ports).addPods(hop.namespace, hop.podLabels);
  }
  for (const { ports, peers: to } of calls.rules()) egress.push(ports.length > 0 ? { to, ports: tcpPorts(ports) } : { to });
  // Namespaces in audit refuse nothing, so this namespace's egress must not refuse calls to them either (their own
  // dry-run policies log what they would refuse); `rollout plan` closes this when they are enforced.
  const audited = auditedNamespaces(mesh);
  if (audited.length > 0) egress.push({ to: audited.map((name) => ({ namespaceSelector: byName(name) })) });
  return plainManifest(NETWORK_POLICY, {
    metadata: meta(BASELINE_POLICY, ns.name),
    spec: {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ...(ingress.length > 0 ? { ingress } : {}),
      egress,
    },
  });
}
