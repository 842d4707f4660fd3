import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IntentGraph } from '../intent/graph';
import type { K8sObject } from '../k8s-object';
import type { ResolvedMesh, ResolvedWorkload } from '../model/resolved';
import { NETWORK_POLICY } from '../mesh/kinds';
import { matchLabels, meta, workloadAnnotations } from '../mesh/metadata';
import { plainManifest, type ManifestJson } from '../mesh/plain-manifest';
import { compactPeers, networkPolicyPeer, tcpPorts, workloadPeer, type PolicyPeer } from './peers';

/**
 * `<workload>`: the L3/L4 half of the workload's edges, from the same intent as its AuthorizationPolicy.
 * Ingress: one rule per distinct set of ports of its ingress rules, with all their callers. Egress, in isolated
 * namespaces: the workloads it calls and its declared egress, again one rule per set of ports. Rules with the same
 * ports are merged because NetworkPolicy rules are ORed ((A ∧ P) ∨ (B ∧ P) = (A ∨ B) ∧ P), and their peers are
 * compacted (`compactPeers`), so the object grows with the namespaces of the callers rather than their number.
 * Pods on the host network are out of reach of NetworkPolicies and get none.
 */
export function workloadNetworkPolicy(mesh: ResolvedMesh, graph: IntentGraph, workload: ResolvedWorkload): K8sObject | undefined {
  const ns = graph.namespace(workload.namespace);
  if (!mesh.networkPolicies || workload.hostNetwork || !ns) return undefined;
  const ingressPeers = new PeersByPorts();
  for (const rule of workload.ingress) ingressPeers.add(rule.ports, rule.from.map(networkPolicyPeer));
  const egressPeers = new PeersByPorts();
  if (ns.isolation !== 'none') {
    for (const edge of graph.egressOf(workload)) {
      if (!edge.to.hostNetwork) egressPeers.add(edge.ports, [workloadPeer(edge.to)]);
    }
    for (const rule of workload.egress) {
      egressPeers.add(rule.ports, [rule.to.kind === 'cidr' ? networkPolicyPeer(rule.to) : networkPolicyPeer({ kind: 'namespace', namespace: rule.to.namespace, sidecar: false })]);
    }
  }
  // A rule without ports admits every port: no `ports` field then.
  const ingress: ManifestJson<NetworkPolicyIngressRule>[] = ingressPeers.rules().map(({ ports, peers: from }) => (ports.length > 0 ? { from, ports: tcpPorts(ports) } : { from }));
  const egress: ManifestJson<NetworkPolicyEgressRule>[] = egressPeers.rules().map(({ ports, peers: to }) => (ports.length > 0 ? { to, ports: tcpPorts(ports) } : { to }));
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

/** Peers collected per set of ports, in the order each set first appears; `rules()` compacts each set's peers. */
class PeersByPorts {
  private readonly groups = new Map<string, { ports: readonly number[]; peers: PolicyPeer[] }>();

  public add(ports: readonly number[], peers: readonly PolicyPeer[]): void {
    const key = ports.join(',');
    const group = this.groups.get(key);
    if (group) group.peers.push(...peers);
    else this.groups.set(key, { ports, peers: [...peers] });
  }

  public rules(): Array<{ ports: readonly number[]; peers: PolicyPeer[] }> {
    return [...this.groups.values()].map(({ ports, peers }) => ({ ports, peers: compactPeers(peers) }));
  }
}
