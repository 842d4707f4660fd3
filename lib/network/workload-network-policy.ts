import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IntentGraph } from '../intent/graph';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';
import { NETWORK_POLICY } from '../mesh/kinds';
import { matchLabels, meta, workloadAnnotations } from '../mesh/metadata';
import { plainManifest, type ManifestJson } from '../mesh/plain-manifest';
import { RulesByPorts, tcpPorts } from './peers';
import { isAudited } from '../istio/enforcement';

/**
 * `<workload>`: the L3/L4 half of the workload's edges, from the same intent as its AuthorizationPolicy.
 * Ingress: one rule per distinct set of ports of its ingress rules, with all their callers. Egress, in isolated
 * namespaces: the workloads it calls (and the pods on the way, `Edge.via`) and its declared egress, again one rule per set of ports. Rules with the same
 * ports are merged because NetworkPolicy rules are ORed ((A ∧ P) ∨ (B ∧ P) = (A ∨ B) ∧ P), and their peers are
 * compacted (`PeerSet`), so the object grows with the namespaces of the callers rather than their number.
 * Pods on the host network are out of reach of NetworkPolicies and get none.
 */
export function workloadNetworkPolicy(mesh: ResolvedMesh, graph: IntentGraph, workload: ResolvedWorkload): K8sObject | undefined {
  const ns = graph.namespace(workload.namespace);
  // NetworkPolicies have no dry run: a namespace in audit gets none.
  if (!mesh.networkPolicies || workload.hostNetwork || !ns || isAudited(ns)) return undefined;
  const ingressRules = new RulesByPorts();
  for (const rule of workload.ingress) {
    const peers = ingressRules.peersFor(rule.ports);
    for (const peer of rule.from) peers.add(peer);
  }
  const egressRules = new RulesByPorts();
  if (ns.isolation !== 'none') {
    for (const edge of graph.egressOf(workload)) {
      if (!edge.to.hostNetwork) egressRules.peersFor(edge.ports).addPods(edge.to.namespace, edge.to.selector);
      // Pods the platform puts on the way (Knative's activator, the local gateway): the caller connects to them.
      for (const hop of edge.via?.hops ?? []) egressRules.peersFor(hop.ports).addPods(hop.namespace, hop.podLabels);
    }
    for (const rule of workload.egress) {
      egressRules.peersFor(rule.ports).add(rule.to.kind === 'cidr' ? rule.to : { kind: 'namespace', namespace: rule.to.namespace, sidecar: false });
    }
  }
  // A rule without ports admits every port: no `ports` field then.
  const ingress: ManifestJson<NetworkPolicyIngressRule>[] = ingressRules.rules().map(({ ports, peers: from }) => (ports.length > 0 ? { from, ports: tcpPorts(ports) } : { from }));
  const egress: ManifestJson<NetworkPolicyEgressRule>[] = egressRules.rules().map(({ ports, peers: to }) => (ports.length > 0 ? { to, ports: tcpPorts(ports) } : { to }));
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
