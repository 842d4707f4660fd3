import type { NetworkPolicyPeer, NetworkPolicyPort } from 'cdk8s-plus-28/lib/imports/k8s';
import type { ManifestJson } from '../mesh/plain-manifest';
import type { ResolvedPeer, ResolvedWorkload } from '../model/resolved';
import { NAMESPACE_NAME_LABEL } from './wellknown';

/** A NetworkPolicy peer and port as written (ports as numbers, not the L1 bindings' `IntOrString`). */
export type PolicyPeer = ManifestJson<NetworkPolicyPeer>;
export type PolicyPort = ManifestJson<NetworkPolicyPort>;

/**
 * A caller or destination as a NetworkPolicy peer. A namespace selector and a pod selector in ONE
 * peer are ANDed (the pods with these labels in that namespace); namespaces are selected by the
 * immutable `kubernetes.io/metadata.name` label.
 */
export function networkPolicyPeer(peer: ResolvedPeer): PolicyPeer {
  switch (peer.kind) {
    case 'workload':
      return { namespaceSelector: byName(peer.namespace), podSelector: { matchLabels: { ...peer.selector } } };
    case 'namespace':
      return { namespaceSelector: byName(peer.namespace) };
    case 'cidr':
      return { ipBlock: peer.except.length > 0 ? { cidr: peer.cidr, except: [...peer.except] } : { cidr: peer.cidr } };
    case 'system':
      return peer.podLabels ? { namespaceSelector: byName(peer.namespace), podSelector: { matchLabels: { ...peer.podLabels } } } : { namespaceSelector: byName(peer.namespace) };
  }
}

/** The pods of a workload, as seen from another namespace. */
export function workloadPeer(workload: ResolvedWorkload): PolicyPeer {
  return { namespaceSelector: byName(workload.namespace), podSelector: { matchLabels: { ...workload.selector } } };
}

export function byName(namespace: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}

/** TCP ports of a rule. A rule that admits every port has no `ports` field at all, so callers leave it out for none. */
export function tcpPorts(ports: readonly number[]): PolicyPort[] {
  return ports.map((port) => ({ protocol: 'TCP', port }));
}
