import { k8s } from 'cdk8s-plus-28';
import type { ResolvedPeer, ResolvedWorkload } from '../model/resolved';
import { NAMESPACE_NAME_LABEL } from './wellknown';

/**
 * A caller or destination as a NetworkPolicy peer. A namespace selector and a pod selector in ONE
 * peer are ANDed (the pods with these labels in that namespace); namespaces are selected by the
 * immutable `kubernetes.io/metadata.name` label.
 */
export function networkPolicyPeer(peer: ResolvedPeer): k8s.NetworkPolicyPeer {
  switch (peer.kind) {
    case 'workload':
      return { namespaceSelector: byName(peer.namespace), podSelector: { matchLabels: { ...peer.selector } } };
    case 'namespace':
      return { namespaceSelector: byName(peer.namespace) };
    case 'cidr':
      return { ipBlock: { cidr: peer.cidr, ...(peer.except.length > 0 ? { except: [...peer.except] } : {}) } };
    case 'system':
      return { namespaceSelector: byName(peer.namespace), ...(peer.podLabels ? { podSelector: { matchLabels: { ...peer.podLabels } } } : {}) };
  }
}

/** The pods of a workload, as seen from another namespace. */
export function workloadPeer(workload: ResolvedWorkload): k8s.NetworkPolicyPeer {
  return { namespaceSelector: byName(workload.namespace), podSelector: { matchLabels: { ...workload.selector } } };
}

export function byName(namespace: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}

/** TCP ports of a rule; `undefined` (no `ports` field) means every port. */
export function tcpPorts(ports: readonly number[]): k8s.NetworkPolicyPort[] | undefined {
  return ports.length === 0 ? undefined : ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }));
}
