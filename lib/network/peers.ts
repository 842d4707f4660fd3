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

/**
 * The peers of one rule, compacted without changing what they select: exact duplicates are dropped, and the
 * workloads of one namespace that are each selected by a single label with the same key (`app: a`, `app: b`)
 * become one peer selecting `app In [a, b]` (a pod matches the expression exactly when it matches one of the
 * labels). A service called by 5,000 workloads in 200 namespaces so gets 200 peers instead of 5,000: its
 * NetworkPolicy was 1.2 MB of YAML, close to the API server's 1.5 MiB request limit and far above the 256 KiB
 * of annotations `kubectl apply` (client side) needs for its last-applied copy. Peers keep the order in which
 * their first member appears.
 */
export function compactPeers(peers: readonly PolicyPeer[]): PolicyPeer[] {
  const slots: Array<PolicyPeer | { readonly namespaceSelector: PolicyPeer['namespaceSelector']; readonly key: string; readonly values: string[] }> = [];
  const bySelectorKey = new Map<string, { values: string[]; seen: Set<string> }>();
  const seen = new Set<string>();
  for (const peer of peers) {
    const single = singleLabelWorkload(peer);
    if (single) {
      const groupKey = `${single.namespace}\0${single.key}`;
      const group = bySelectorKey.get(groupKey);
      if (!group) {
        const values = [single.value];
        bySelectorKey.set(groupKey, { values, seen: new Set(values) });
        slots.push({ namespaceSelector: peer.namespaceSelector, key: single.key, values });
      } else if (!group.seen.has(single.value)) {
        group.seen.add(single.value);
        group.values.push(single.value);
      }
      continue;
    }
    const key = JSON.stringify(peer);
    if (seen.has(key)) continue;
    seen.add(key);
    slots.push(peer);
  }
  return slots.map((slot) => {
    if (!('values' in slot)) return slot;
    const podSelector = slot.values.length === 1
      ? { matchLabels: { [slot.key]: slot.values[0] } }
      : { matchExpressions: [{ key: slot.key, operator: 'In', values: slot.values }] };
    return { namespaceSelector: slot.namespaceSelector, podSelector };
  });
}

/** The namespace and the one label of a peer `{ namespaceSelector: byName(ns), podSelector: { matchLabels: { key: value } } }`. */
function singleLabelWorkload(peer: PolicyPeer): { namespace: string; key: string; value: string } | undefined {
  const namespace = peer.namespaceSelector?.matchLabels?.[NAMESPACE_NAME_LABEL];
  const labels = peer.podSelector?.matchLabels;
  if (namespace === undefined || !labels || peer.ipBlock || peer.podSelector?.matchExpressions) return undefined;
  if (Object.keys(peer.namespaceSelector!).length !== 1 || Object.keys(peer.namespaceSelector!.matchLabels!).length !== 1) return undefined;
  const keys = Object.keys(labels);
  return keys.length === 1 ? { namespace, key: keys[0], value: labels[keys[0]] } : undefined;
}
