import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IntentGraph } from '../intent/graph';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';
import { NETWORK_POLICY } from '../mesh/kinds';
import { matchLabels, meta, workloadAnnotations } from '../mesh/metadata';
import { plainManifest, type ManifestJson } from '../mesh/plain-manifest';
import { networkPolicyPeer, tcpPorts, workloadPeer } from './peers';

/**
 * `<workload>`: the L3/L4 half of the workload's edges, from the same intent as its
 * AuthorizationPolicy. Ingress: one rule per ingress rule of the definition (its callers, its
 * ports). Egress, in isolated namespaces: one rule per workload it calls, plus its declared egress.
 * Pods on the host network are out of reach of NetworkPolicies and get none.
 */
export function workloadNetworkPolicy(mesh: ResolvedMesh, graph: IntentGraph, workload: ResolvedWorkload): K8sObject | undefined {
  const ns = graph.namespace(workload.namespace);
  if (!mesh.networkPolicies || workload.hostNetwork || !ns) return undefined;
  // A rule without ports admits every port: no `ports` field then.
  const ingress: ManifestJson<NetworkPolicyIngressRule>[] = [];
  for (const rule of workload.ingress) {
    const from = rule.from.map(networkPolicyPeer);
    ingress.push(rule.ports.length > 0 ? { from, ports: tcpPorts(rule.ports) } : { from });
  }
  const egress: ManifestJson<NetworkPolicyEgressRule>[] = [];
  if (ns.isolation !== 'none') {
    for (const edge of graph.egressOf(workload)) {
      if (edge.to.hostNetwork) continue;
      const to = [workloadPeer(edge.to)];
      egress.push(edge.ports.length > 0 ? { to, ports: tcpPorts(edge.ports) } : { to });
    }
    for (const rule of workload.egress) {
      const to = [rule.to.kind === 'cidr' ? networkPolicyPeer(rule.to) : networkPolicyPeer({ kind: 'namespace', namespace: rule.to.namespace, sidecar: false })];
      egress.push(rule.ports.length > 0 ? { to, ports: tcpPorts(rule.ports) } : { to });
    }
  }
  if (ingress.length === 0 && egress.length === 0) return undefined;
  const podSelector = matchLabels(workload.selector);
  const spec = ingress.length === 0 ? { podSelector, policyTypes: ['Egress'], egress }
    : egress.length === 0 ? { podSelector, policyTypes: ['Ingress'], ingress }
      : { podSelector, policyTypes: ['Ingress', 'Egress'], ingress, egress };
  return plainManifest(NETWORK_POLICY, {
    metadata: meta(workload.name, workload.namespace, undefined, workloadAnnotations(workload)),
    spec,
  });
}
