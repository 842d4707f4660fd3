import { k8s } from 'cdk8s-plus-28';
import type { IntentGraph } from '../intent/graph';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';
import { manifest, matchLabels, meta, workloadAnnotations } from '../mesh/metadata';
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
  const ingress: k8s.NetworkPolicyIngressRule[] = workload.ingress.map((rule) => ({
    from: rule.from.map(networkPolicyPeer),
    ports: tcpPorts(rule.ports),
  }));
  const egress: k8s.NetworkPolicyEgressRule[] = [];
  if (ns.isolation !== 'none') {
    for (const edge of graph.egressOf(workload)) {
      if (edge.to.hostNetwork) continue;
      egress.push({ to: [workloadPeer(edge.to)], ports: tcpPorts(edge.ports) });
    }
    for (const rule of workload.egress) {
      const to = rule.to.kind === 'cidr' ? networkPolicyPeer(rule.to) : networkPolicyPeer({ kind: 'namespace', namespace: rule.to.namespace, sidecar: false });
      egress.push({ to: [to], ports: tcpPorts(rule.ports) });
    }
  }
  if (ingress.length === 0 && egress.length === 0) return undefined;
  const policyTypes = [...(ingress.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])];
  return manifest(k8s.KubeNetworkPolicy, {
    metadata: meta(workload.name, workload.namespace, {}, workloadAnnotations(workload)),
    spec: {
      podSelector: matchLabels(workload.selector),
      policyTypes,
      ...(ingress.length > 0 ? { ingress } : {}),
      ...(egress.length > 0 ? { egress } : {}),
    },
  });
}
